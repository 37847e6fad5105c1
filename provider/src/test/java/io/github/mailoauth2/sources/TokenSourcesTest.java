package io.github.mailoauth2.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.ConnectPasswordTokenSource;
import io.github.mailoauth2.token.TokenSource;
import java.io.IOException;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

public class TokenSourcesTest {

    @Test
    void withoutConfigurationTheConnectPasswordIsTheToken() throws IOException {
        assertThat(TokenSources.forConnection("imap", asMap(new Properties()))).isInstanceOf(ConnectPasswordTokenSource.class);
    }

    @Test
    void aPresetImpliesTheRefreshTokenSourceAndOneConfigurationSharesOneSource() throws IOException {
        Map<String, String> props = Map.of("mail.oauth2.provider", "google", "mail.oauth2.client-id", "app-sharing-test");

        TokenSource first = TokenSources.forConnection("imap", props);

        assertThat(first).isInstanceOf(CachingTokenSource.class);
        assertThat(TokenSources.forConnection("imap", props)).isSameAs(first);
        assertThat(TokenSources.forConnection("imap", Map.of("mail.oauth2.provider", "google",
                "mail.oauth2.client-id", "another-app"))).isNotSameAs(first);
    }

    @Test
    void aMisspelledKeyIsNamedWithASuggestion() {
        assertThatThrownBy(() -> TokenSources.forConnection("imaps", Map.of("mail.oauth2.provider", "google",
                "mail.imaps.oauth2.clientid", "x")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("mail.imaps.oauth2.clientid is not a mail-oauth2 setting; did you mean client-id?"
                        + " See docs/configuration.md for the keys");
    }

    @Test
    void aMissingKeyIsNamedWithEveryPlaceItIsReadFrom() {
        assertThatThrownBy(() -> TokenSources.forConnection("smtp", Map.of("mail.oauth2.provider", "microsoft")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("mail.smtp.oauth2.client-id (or mail.oauth2.client-id, -Dmail.oauth2.client-id,"
                        + " $MAIL_OAUTH2_CLIENT_ID) is not set");
    }

    @Test
    void anUnknownSourceOrPresetIsNamed() {
        assertThatThrownBy(() -> TokenSources.forConnection("imap", Map.of("mail.oauth2.source", "vault")))
                .hasMessageContaining("names \"vault\", which no token source on the class path provides; known: static, refresh-token");
        assertThatThrownBy(() -> TokenSources.forConnection("imap", Map.of("mail.oauth2.provider", "gmail",
                "mail.oauth2.client-id", "x")))
                .hasMessageContaining("is \"gmail\"; known presets: google, microsoft, yahoo");
    }

    @Test
    void clientCredentialsNeedASecret() {
        assertThatThrownBy(() -> TokenSources.forConnection("imap", Map.of("mail.oauth2.source", "client-credentials",
                "mail.oauth2.provider", "microsoft", "mail.oauth2.client-id", "x")))
                .hasMessageContaining("client-secret").hasMessageContaining("is not set");
    }

    /** What JavaMail passes: the session's Properties, seen as a Map. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Map<String, ?> asMap(Properties props) {
        return (Map) props;
    }
}
