package io.github.mailoauth2.internal.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.TokenSource;
import io.github.mailoauth2.token.TokenSourceFactory;
import java.io.IOException;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenSourceRegistryTest {
    private final TokenSourceRegistry registry = new TokenSourceRegistry();

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void withoutConfigurationTheConnectPasswordIsTheToken() throws IOException {
        assertThat(registry.forConnection("imap", asMap(new Properties()))).isInstanceOf(ConnectPasswordTokenSource.class);
    }

    @Test
    void aPresetImpliesTheRefreshTokenSourceAndOneConfigurationSharesOneSource() throws IOException {
        Map<String, String> props = Map.of("mail.oauth2.provider", "google", "mail.oauth2.client-id", "app-sharing-test");

        TokenSource first = registry.forConnection("imap", props);

        assertThat(first).isInstanceOf(CachingTokenSource.class);
        assertThat(registry.forConnection("imap", props)).isSameAs(first);
        assertThat(registry.forConnection("imap", Map.of("mail.oauth2.provider", "google",
                "mail.oauth2.client-id", "another-app"))).isNotSameAs(first);
    }

    @Test
    void aMisspelledKeyIsNamedWithASuggestion() {
        assertThatThrownBy(() -> registry.forConnection("imaps", Map.of("mail.oauth2.provider", "google",
                "mail.imaps.oauth2.clientid", "x")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("mail.imaps.oauth2.clientid is not a mail-oauth2 setting; did you mean client-id?"
                        + " See docs/configuration.md for the keys");
    }

    @Test
    void aMisspelledKeyOfAnotherProtocolIsReportedToo() {
        assertThatThrownBy(() -> registry.forConnection("imaps", Map.of("mail.oauth2.provider", "google",
                "mail.oauth2.client-id", "x", "mail.smtp.oauth2.tokn-url", "https://example.test/token")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("mail.smtp.oauth2.tokn-url is not a mail-oauth2 setting; did you mean token-url?"
                        + " See docs/configuration.md for the keys");
    }

    @Test
    void aMissingKeyIsNamedWithEveryPlaceItIsReadFrom() {
        assertThatThrownBy(() -> registry.forConnection("smtp", Map.of("mail.oauth2.provider", "microsoft")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("mail.smtp.oauth2.client-id (or mail.oauth2.client-id, -Dmail.oauth2.client-id,"
                        + " $MAIL_OAUTH2_CLIENT_ID) is not set");
    }

    @Test
    void anUnknownSourceOrPresetIsNamed() {
        assertThatThrownBy(() -> registry.forConnection("imap", Map.of("mail.oauth2.source", "vault")))
                .hasMessageContaining("names \"vault\", which no token source on the class path provides; known: static, refresh-token");
        assertThatThrownBy(() -> registry.forConnection("imap", Map.of("mail.oauth2.provider", "gmail",
                "mail.oauth2.client-id", "x")))
                .hasMessageContaining("is \"gmail\"; known presets: google, microsoft, yahoo");
    }

    @Test
    void clientCredentialsNeedASecret() {
        assertThatThrownBy(() -> registry.forConnection("imap", Map.of("mail.oauth2.source", "client-credentials",
                "mail.oauth2.provider", "microsoft", "mail.oauth2.client-id", "x")))
                .hasMessageContaining("client-secret").hasMessageContaining("is not set");
    }

    @Test
    void sourcesDifferBySecretAndCloseDropsThemAll() throws IOException {
        Map<String, String> props = Map.of("mail.oauth2.source", "client-credentials", "mail.oauth2.provider", "microsoft",
                "mail.oauth2.client-id", "app", "mail.oauth2.client-secret", "one");
        TokenSource first = registry.forConnection("imaps", props);

        assertThat(registry.forConnection("imaps", Map.of("mail.oauth2.source", "client-credentials",
                "mail.oauth2.provider", "microsoft", "mail.oauth2.client-id", "app", "mail.oauth2.client-secret", "two")))
                .isNotSameAs(first);
        registry.close();
        assertThatThrownBy(() -> registry.forConnection("imaps", props)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("shut down");
    }

    @Test
    void aPlugInCannotReplaceABuiltInSource() throws IOException {
        TokenSourceFactory impostor = new TokenSourceFactory() {
            @Override
            public String name() {
                return "static";
            }

            @Override
            public TokenSource create(io.github.mailoauth2.token.OAuth2Config config) {
                throw new AssertionError("the built-in static source must win");
            }
        };
        try (TokenSourceRegistry withPlugIn = new TokenSourceRegistry(java.util.List.of(impostor))) {
            assertThat(withPlugIn.forConnection("imap", Map.of())).isInstanceOf(ConnectPasswordTokenSource.class);
        }
    }

    @Test
    void aSourceFromCodeCannotTakeAPlugInsName() throws IOException {
        TokenSourceFactory vault = new TokenSourceFactory() {
            @Override
            public String name() {
                return "vault";
            }

            @Override
            public TokenSource create(io.github.mailoauth2.token.OAuth2Config config) {
                return new ConnectPasswordTokenSource();
            }
        };
        try (TokenSourceRegistry withPlugIn = new TokenSourceRegistry(java.util.List.of(vault))) {
            assertThatThrownBy(() -> withPlugIn.useTokenSource("vault", (request, password) -> null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("\"vault\": a built-in or plug-in source has that name")
                    .hasMessageContaining("taken: static, refresh-token, client-credentials, google-service-account, command, vault");
            assertThat(withPlugIn.forConnection("imap", Map.of("mail.oauth2.source", "vault")))
                    .isInstanceOf(ConnectPasswordTokenSource.class);
        }
    }

    /** What JavaMail passes: the session's Properties, seen as a Map. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Map<String, ?> asMap(Properties props) {
        return (Map) props;
    }
}
