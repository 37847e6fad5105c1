package io.github.mailoauth2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mailoauth2.token.AccessToken;
import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.TokenRejection;
import io.github.mailoauth2.token.TokenRequest;
import io.github.mailoauth2.token.TokenSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A token source the application made, handed over in code and selected by the sessions that name it. */
class UseTokenSourceTest {
    private static final TokenRequest REQUEST = new TokenRequest("alice@example.test", "imaps", "mail.example.test", 993);

    private final String name = "app-" + UUID.randomUUID();

    /** Hands out "token-1", "token-2", ...; remembers the tokens it was told were rejected. */
    private static final class AppSource implements TokenSource {
        final List<String> rejected = new ArrayList<>();
        private int issued;

        @Override
        public synchronized AccessToken token(TokenRequest request, char[] connectPassword) {
            return new AccessToken("token-" + ++issued, null);
        }

        @Override
        public synchronized void rejected(TokenRequest request, AccessToken token, TokenRejection rejection) {
            rejected.add(token.value());
        }
    }

    @AfterEach
    void remove() {
        MailOAuth2.useTokenSource(name, null);
    }

    @Test
    void sessionsThatNameItGetItsTokensAndItHearsOfRejections() throws IOException {
        AppSource app = new AppSource();
        MailOAuth2.useTokenSource(name, app);

        TokenSource selected = MailOAuth2.tokenSource("imaps", Map.of("mail.oauth2.source", name));
        AccessToken first = selected.token(REQUEST, null);
        selected.rejected(REQUEST, first, new TokenRejection("XOAUTH2", "401", null, null, null));

        assertThat(first.value()).isEqualTo("token-1");
        assertThat(selected.token(REQUEST, null).value()).isEqualTo("token-2");
        assertThat(app.rejected).containsExactly("token-1");
    }

    @Test
    void aProtocolsOwnKeySelectsItForThatProtocolOnly() throws IOException {
        MailOAuth2.useTokenSource(name, new AppSource());
        Map<String, String> props = Map.of("mail.smtp.oauth2.source", name);

        assertThat(MailOAuth2.tokenSource("smtp", props).token(REQUEST, null).value()).isEqualTo("token-1");
        assertThat(MailOAuth2.tokenSource("imap", props).token(REQUEST, "the-connect-password".toCharArray()).value())
                .as("imap keeps the default: the connect password").isEqualTo("the-connect-password");
    }

    @Test
    void aLaterCallReplacesItAndNullRemovesIt() throws IOException {
        MailOAuth2.useTokenSource(name, new AppSource());
        AppSource second = new AppSource();
        second.token(REQUEST, null);
        MailOAuth2.useTokenSource(name, second);
        assertThat(MailOAuth2.tokenSource("imaps", Map.of("mail.oauth2.source", name)).token(REQUEST, null).value())
                .isEqualTo("token-2");

        MailOAuth2.useTokenSource(name, null);

        assertThatThrownBy(() -> MailOAuth2.tokenSource("imaps", Map.of("mail.oauth2.source", name)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("names \"" + name + "\", which no token source on the class path provides");
    }

    @Test
    void aMisspelledNameListsTheSourcesFromCodeToo() {
        MailOAuth2.useTokenSource(name, new AppSource());

        assertThatThrownBy(() -> MailOAuth2.tokenSource("imaps", Map.of("mail.oauth2.source", name + "-typo")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("names \"" + name + "-typo\"").hasMessageContaining("known: static, refresh-token")
                .satisfies(e -> assertThat(e.getMessage().substring(e.getMessage().indexOf("; from code (MailOAuth2.useTokenSource): ")))
                        .as("the names from code").contains(name));
    }

    @Test
    void theNamesOfBuiltInSourcesAndBlankNamesAreRefused() {
        for (String taken : List.of("static", "refresh-token", "client-credentials", "command")) {
            assertThatThrownBy(() -> MailOAuth2.useTokenSource(taken, new AppSource()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cannot be named \"" + taken + "\": a built-in or plug-in source has that name");
        }
        assertThatThrownBy(() -> MailOAuth2.useTokenSource(" ", new AppSource()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the name is blank");
        assertThatThrownBy(() -> MailOAuth2.useTokenSource(null, new AppSource())).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aSourceThatReturnsNoTokenIsNamedInTheError() throws IOException {
        MailOAuth2.useTokenSource(name, (request, password) -> null);

        TokenSource selected = MailOAuth2.tokenSource("imaps", Map.of("mail.oauth2.source", name));

        assertThatThrownBy(() -> selected.token(REQUEST, null)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("the token source \"" + name + "\" (")
                .hasMessageContaining("returned no token for alice@example.test");
    }

    @Test
    void aMisspelledKeyBesideItIsStillNamed() {
        MailOAuth2.useTokenSource(name, new AppSource());

        assertThatThrownBy(() -> MailOAuth2.tokenSource("imaps", Map.of("mail.oauth2.source", name, "mail.oauth2.scpoe", "x")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("did you mean scope?");
    }

    @Test
    void shutdownForgetsIt() {
        MailOAuth2.useTokenSource(name, new AppSource());

        MailOAuth2.shutdown();

        assertThatThrownBy(() -> MailOAuth2.tokenSource("imaps", Map.of("mail.oauth2.source", name)))
                .isInstanceOf(ConfigurationException.class);
    }
}
