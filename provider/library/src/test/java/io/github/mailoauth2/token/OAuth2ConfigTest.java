package io.github.mailoauth2.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class OAuth2ConfigTest {

    @Test
    void protocolKeysWinOverSessionWideOverSystemOverEnvironment() {
        Properties system = new Properties();
        system.setProperty("mail.oauth2.scope", "from-system");
        system.setProperty("mail.oauth2.tenant", "from-system");
        Map<String, String> env = Map.of("MAIL_OAUTH2_SCOPE", "from-env", "MAIL_OAUTH2_CLIENT_SECRET", "from-env",
                "MAIL_OAUTH2_TENANT", "from-env");
        Map<String, String> session = Map.of("mail.imaps.oauth2.scope", "from-imaps", "mail.oauth2.scope", "from-session",
                "mail.oauth2.client-id", "from-session");
        OAuth2Config imaps = new OAuth2Config("imaps", session, system, env);
        OAuth2Config smtp = new OAuth2Config("smtp", session, system, env);

        assertThat(imaps.get("scope")).contains("from-imaps");
        assertThat(smtp.get("scope")).contains("from-session");
        assertThat(smtp.get("tenant")).contains("from-system");
        assertThat(smtp.get("client-secret")).contains("from-env");
        assertThat(smtp.get("token-url")).isEmpty();
    }

    @Test
    void sessionPropertiesDefaultsCount() {
        Properties defaults = new Properties();
        defaults.setProperty("mail.oauth2.client-id", "app");
        OAuth2Config config = new OAuth2Config("imap", asMap(new Properties(defaults)), new Properties(), Map.of());

        assertThat(config.get("client-id")).contains("app");
    }

    @Test
    void secondsAreCheckedAndBlankIsUnset() throws ConfigurationException {
        OAuth2Config config = new OAuth2Config("imap", Map.of("mail.oauth2.refresh-margin", "soon", "mail.oauth2.timeout", " "),
                new Properties(), Map.of());

        assertThat(config.seconds("timeout", Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> config.seconds("refresh-margin", Duration.ZERO))
                .hasMessageStartingWith("mail.imap.oauth2.refresh-margin (or mail.oauth2.refresh-margin")
                .hasMessageEndingWith("must be a whole number of seconds, not \"soon\"");
    }

    /** What JavaMail passes: the session's Properties, seen as a Map. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Map<String, ?> asMap(Properties props) {
        return (Map) props;
    }
}
