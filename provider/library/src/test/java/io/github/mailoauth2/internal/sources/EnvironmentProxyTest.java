package io.github.mailoauth2.internal.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mailoauth2.token.ConfigurationException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How {@code HTTPS_PROXY} and {@code NO_PROXY} are read for {@code proxy=env} (ProxyTokenEndpointIT: through a real proxy). */
class EnvironmentProxyTest {
    private static final String OPT_IN = "mail.imap.oauth2.proxy (or ...)";

    private static EnvironmentProxy read(String... nameValues) throws ConfigurationException {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            env.put(nameValues[i], nameValues[i + 1]);
        }
        return EnvironmentProxy.read(env::get, OPT_IN);
    }

    @Test
    void withoutTheVariableThereIsNoProxy() throws Exception {
        assertThat(read()).isNull();
        assertThat(read("HTTPS_PROXY", " ", "NO_PROXY", "*")).isNull();
        assertThat(read("HTTP_PROXY", "http://proxy.example.test:3128")).as("plain http's variable is not ours").isNull();
    }

    @Test
    void upperCaseFirstThenLowerCase() throws Exception {
        assertThat(read("https_proxy", "http://lower.example.test:8080").address).hasToString("http://lower.example.test:8080");
        EnvironmentProxy both = read("HTTPS_PROXY", "http://upper.example.test:3128", "https_proxy", "http://lower.example.test:8080");
        assertThat(both.address).hasToString("http://upper.example.test:3128");
        assertThat(both.where).isEqualTo("HTTPS_PROXY (read because " + OPT_IN + " is env)");
    }

    @Test
    void theSchemeMayBeLeftOutAndATrailingSlashIsFine() throws Exception {
        assertThat(read("HTTPS_PROXY", "proxy.example.test:3128").address).hasToString("http://proxy.example.test:3128");
        assertThat(read("HTTPS_PROXY", "http://proxy.example.test:3128/").address).hasToString("http://proxy.example.test:3128");
        assertThat(read("HTTPS_PROXY", "http://[::1]:3128").address).hasToString("http://[::1]:3128");
    }

    @Test
    void credentialsComeFromTheUserInfoPercentDecoded() throws Exception {
        EnvironmentProxy proxy = read("HTTPS_PROXY", "http://svc%40corp:p%40ss%3Aword@proxy.example.test:3128");

        assertThat(proxy.user).isEqualTo("svc@corp");
        assertThat(proxy.password).isEqualTo("p@ss:word");
        assertThat(proxy.address).hasToString("http://proxy.example.test:3128");
        assertThat(read("HTTPS_PROXY", "http://svc@proxy.example.test:3128").password).isEmpty();
        assertThat(read("HTTPS_PROXY", "http://proxy.example.test:3128").user).isNull();
    }

    @Test
    void aMalformedValueNamesTheVariableAndNeverShowsThePassword() {
        assertThatThrownBy(() -> read("HTTPS_PROXY", "https://bob:s3cret@proxy.example.test:3128"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("HTTPS_PROXY (read because " + OPT_IN + " is env) is \"https://***@proxy.example.test:3128\"")
                .hasMessageContaining("not an http://host:port URL").hasMessageNotContaining("s3cret").hasMessageNotContaining("bob");
        assertThatThrownBy(() -> read("https_proxy", "socks5://proxy.example.test:1080"))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("https_proxy (read because")
                .hasMessageContaining("SOCKS proxies are not supported");
        assertThatThrownBy(() -> read("HTTPS_PROXY", "http://proxy.example.test"))
                .isInstanceOf(ConfigurationException.class).hasMessageEndingWith("it needs a host and a port");
        assertThatThrownBy(() -> read("HTTPS_PROXY", "http://bob:pa@ss/w0rd@proxy.example.test:3128"))
                .isInstanceOf(ConfigurationException.class).hasMessageNotContaining("pa@").hasMessageNotContaining("w0rd")
                .hasMessageNotContaining("ss/");
        assertThatThrownBy(() -> read("HTTPS_PROXY", "http://bob:s3cret@proxy.example.test:3128/path"))
                .isInstanceOf(ConfigurationException.class).hasMessageEndingWith("without a path").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> read("HTTPS_PROXY", "http://:s3cret@proxy.example.test:3128"))
                .isInstanceOf(ConfigurationException.class).hasMessageEndingWith("the user name before the password is empty")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> read("HTTPS_PROXY", "http://proxy example:3128"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("not a URL");
    }

    @Test
    void noProxyNamesMatchTheHostAndItsSubdomains() throws Exception {
        EnvironmentProxy proxy = read("HTTPS_PROXY", "http://p.example.test:3128",
                "NO_PROXY", "localhost, .corp.example,  *.internal.example,login.example.com,,");

        assertThat(proxy.bypasses("localhost", 443)).isTrue();
        assertThat(proxy.bypasses("corp.example", 443)).isTrue();
        assertThat(proxy.bypasses("sso.corp.example", 443)).isTrue();
        assertThat(proxy.bypasses("SSO.Corp.Example.", 443)).isTrue();
        assertThat(proxy.bypasses("a.b.internal.example", 443)).isTrue();
        assertThat(proxy.bypasses("login.example.com", 443)).isTrue();
        assertThat(proxy.bypasses("x.login.example.com", 443)).isTrue();
        assertThat(proxy.bypasses("notcorp.example", 443)).isFalse();
        assertThat(proxy.bypasses("example.com", 443)).isFalse();
        assertThat(proxy.bypasses("login.microsoftonline.com", 443)).isFalse();
    }

    @Test
    void noProxyAddressesBlocksPortsAndStar() throws Exception {
        EnvironmentProxy proxy = read("HTTPS_PROXY", "http://p.example.test:3128",
                "no_proxy", "10.0.0.0/8,192.168.1.7,[::1],fd00::/8,sso.example.test:8443");

        assertThat(proxy.bypasses("10.20.30.40", 443)).isTrue();
        assertThat(proxy.bypasses("11.0.0.1", 443)).isFalse();
        assertThat(proxy.bypasses("192.168.1.7", 443)).isTrue();
        assertThat(proxy.bypasses("192.168.1.8", 443)).isFalse();
        assertThat(proxy.bypasses("::1", 443)).isTrue();
        assertThat(proxy.bypasses("[fd12::5]", 443)).isTrue();
        assertThat(proxy.bypasses("sso.example.test", 8443)).isTrue();
        assertThat(proxy.bypasses("sso.example.test", 443)).isFalse();
        assertThat(proxy.bypasses("10.example.test", 443)).as("a name is not an address").isFalse();
        assertThat(read("HTTPS_PROXY", "http://p.example.test:3128", "NO_PROXY", "*").bypasses("anything.example", 443)).isTrue();
        assertThat(read("HTTPS_PROXY", "http://p.example.test:3128").bypasses("localhost", 443)).isFalse();
    }

    @Test
    void aMalformedNoProxyEntryIsNamed() {
        for (String entry : new String[] {"10.0.0.0/33", "host:port", "host:0", "10.0.0.0/x", "a b", "[::1"}) {
            assertThatThrownBy(() -> read("HTTPS_PROXY", "http://p.example.test:3128", "NO_PROXY", "localhost," + entry))
                    .as(entry).isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith("NO_PROXY (read because " + OPT_IN + " is env) has \"" + entry + "\", which is not");
        }
    }
}
