package io.github.mailoauth2.internal.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.OAuth2Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code proxy} and {@code trust-store} accept, and how a wrong setting is named (ProxyTokenEndpointIT: the network). */
class HttpTransportsTest {
    @TempDir
    Path dir;

    private static OAuth2Config config(String... keyValues) {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put("mail.oauth2." + keyValues[i], keyValues[i + 1]);
        }
        return OAuth2Config.of("imap", props);
    }

    @Test
    void withoutProxyOrTrustStoreTheJvmsSettingsApply() throws Exception {
        assertThat(HttpTransports.of(config())).isSameAs(HttpTransports.DEFAULT);
    }

    @Test
    void aProxyIsHttpHostAndPort() throws Exception {
        assertThat(HttpTransports.of(config("proxy", "http://proxy.example.test:3128")).transport()).isNotNull();
        assertThat(HttpTransports.of(config("proxy", "http://proxy.example.test:3128/")).transport()).isNotNull();
        assertThatThrownBy(() -> HttpTransports.of(config("proxy", "https://proxy.example.test:3128")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("is \"https://proxy.example.test:3128\": not an http://host:port URL");
        assertThatThrownBy(() -> HttpTransports.of(config("proxy", "http://proxy.example.test")))
                .isInstanceOf(ConfigurationException.class).hasMessageEndingWith("it needs a host and a port");
        assertThatThrownBy(() -> HttpTransports.of(config("proxy", "http://proxy.example.test:3128/path")))
                .isInstanceOf(ConfigurationException.class).hasMessageEndingWith("a proxy is a host and a port, without a path");
    }

    @Test
    void credentialsInTheProxyUrlAreRefusedWithoutShowingThem() {
        assertThatThrownBy(() -> HttpTransports.of(config("proxy", "http://bob:s3cret@proxy.example.test:3128")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("holds credentials; put them in")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void proxyCredentialsWithoutAProxyOrHalfOfThemAreNamed() {
        assertThatThrownBy(() -> HttpTransports.of(config("proxy-user", "bob")))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("mail.imap.oauth2.proxy-user (or")
                .hasMessageContaining("is set but mail.imap.oauth2.proxy (or");
        assertThatThrownBy(() -> HttpTransports.of(config("proxy", "http://p.example.test:3128", "proxy-password", "pw")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("proxy-password").hasMessageContaining("proxy-user")
                .hasMessageNotContaining("pw ");
        assertThatThrownBy(() -> HttpTransports.of(config("proxy", "http://p.example.test:3128", "proxy-user", "bob")))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("mail.imap.oauth2.proxy-password (or");
    }

    @Test
    void proxyEnvTakesHttpsProxyOnlyWhenOptedIn() throws Exception {
        Map<String, String> env = Map.of("HTTPS_PROXY", "http://bob:s3cret@proxy.example.test:3128");
        assertThat(HttpTransports.of(config(), env::get)).as("never read without the opt-in").isSameAs(HttpTransports.DEFAULT);
        assertThat(HttpTransports.of(config("proxy", "env"), env::get)).isNotSameAs(HttpTransports.DEFAULT);
        assertThat(HttpTransports.of(config("proxy", "env"), Map.<String, String>of()::get))
                .as("no HTTPS_PROXY here: as without proxy").isSameAs(HttpTransports.DEFAULT);
        assertThatThrownBy(() -> HttpTransports.of(config("proxy", "env", "proxy-user", "bob"), Map.<String, String>of()::get))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("is env and neither HTTPS_PROXY nor https_proxy is set");
        assertThatThrownBy(() -> HttpTransports.of(config("proxy", "env", "proxy-user", "bob"), env::get))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("HTTPS_PROXY (read because mail.imap.oauth2.proxy (or")
                .hasMessageContaining("holds credentials, and mail.imap.oauth2.proxy-user (or").hasMessageNotContaining("s3cret");
        assertThat(HttpTransports.of(config("proxy", "env", "proxy-user", "bob", "proxy-password", "pw"),
                Map.of("HTTPS_PROXY", "proxy.example.test:3128")::get)).isNotSameAs(HttpTransports.DEFAULT);
    }

    @Test
    void plainHttpToThisMachineIsRefusedWhenTheJvmsProxySwitchSendsItOffThisMachine() throws Exception {
        OAuth2Config config = config();
        TokenEndpoint.checkUrl(config, "token-url", "http://127.0.0.1:18080/token");
        System.setProperty(HttpTransports.GOOGLE_PROXY_FLAG, "true");
        System.setProperty("https.proxyHost", "proxy.example.test");
        try {
            assertThatThrownBy(() -> TokenEndpoint.checkUrl(config, "token-url", "http://127.0.0.1:18080/token"))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("plain http through the JVM's proxy proxy.example.test, not this machine");
            TokenEndpoint.checkUrl(config, "token-url", "https://login.example.test/token");
            TokenEndpoint.checkUrl(config("allow-plaintext", "true"), "token-url", "http://127.0.0.1:18080/token");
        } finally {
            System.clearProperty(HttpTransports.GOOGLE_PROXY_FLAG);
            System.clearProperty("https.proxyHost");
        }
    }

    @Test
    void aTrustStoreThatCannotBeReadIsNamed() throws Exception {
        Path notAStore = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        assertThatThrownBy(() -> HttpTransports.of(config("trust-store", notAStore.toString())))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("mail.imap.oauth2.trust-store (or")
                .hasMessageContaining("cannot be read as a PKCS#12 or JKS trust store");
        assertThatThrownBy(() -> HttpTransports.of(config("trust-store", dir.resolve("missing.p12").toString())))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("cannot be read as a PKCS#12 or JKS trust store");
    }
}
