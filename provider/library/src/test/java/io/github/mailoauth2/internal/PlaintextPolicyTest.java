package io.github.mailoauth2.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.OAuth2Config;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaintextPolicyTest {

    private static PlaintextPolicy policy(String value) throws ConfigurationException {
        return PlaintextPolicy.of(OAuth2Config.of("imap", value == null ? Map.of() : Map.of("mail.oauth2.allow-plaintext", value)));
    }

    @Test
    void byDefaultOnlyLoopbackHostsMayBeReachedInTheClear() throws ConfigurationException {
        PlaintextPolicy loopback = policy(null);

        assertThat(loopback.allows("localhost")).isTrue();
        assertThat(loopback.allows("LOCALHOST")).isTrue();
        assertThat(loopback.allows("127.0.0.1")).isTrue();
        assertThat(loopback.allows("127.45.6.7")).isTrue();
        assertThat(loopback.allows("::1")).isTrue();
        assertThat(loopback.allows("[::1]")).isTrue();
        assertThat(loopback.allows("192.0.2.10")).isFalse();
        assertThat(loopback.allows("10.0.0.1")).isFalse();
        assertThat(loopback.allows("::ffff:192.0.2.10")).isFalse();
        assertThat(loopback.allows("0.0.0.0")).isFalse();
        assertThat(loopback.allows("")).isFalse();
        assertThat(loopback.allows(null)).isFalse();
        assertThat(policy("LoopBack").allows("192.0.2.10")).isFalse();
    }

    @Test
    void trueAllowsEveryHostAndFalseNone() throws ConfigurationException {
        assertThat(policy("true").allows("192.0.2.10")).isTrue();
        assertThat(policy("false").allows("127.0.0.1")).isFalse();
        assertThat(policy("false").allows("localhost")).isFalse();
    }

    @Test
    void aLoopbackMailHostIsNotLoopbackWhenAProxyOnAnotherHostCarriesTheConnection() throws ConfigurationException {
        PlaintextPolicy loopback = policy(null);

        assertThat(loopback.allows("imap", "localhost", Map.of())).isTrue();
        assertThat(loopback.allows("imap", "localhost", Map.of("mail.imap.proxy.host", "10.200.0.1"))).isFalse();
        assertThat(loopback.allows("imap", "localhost", Map.of("mail.imap.proxy.host", "10.200.0.1:3128"))).isFalse();
        assertThat(loopback.allows("smtp", "127.0.0.1", Map.of("mail.smtp.socks.host", "192.0.2.7"))).isFalse();
        assertThat(loopback.allows("imap", "localhost", Map.of("mail.imap.socketFactory.class", "com.example.Tunnel"))).isFalse();
        assertThat(loopback.allows("imap", "localhost", Map.of("mail.imap.socketFactory", new Object()))).isFalse();
        // a proxy on this machine keeps the bytes here; another protocol's proxy is not on this route
        assertThat(loopback.allows("imap", "localhost", Map.of("mail.imap.proxy.host", "127.0.0.1:3128"))).isTrue();
        assertThat(loopback.allows("imap", "localhost", Map.of("mail.imap.socks.host", "[::1]:1080"))).isTrue();
        assertThat(loopback.allows("imap", "localhost", Map.of("mail.smtp.proxy.host", "10.200.0.1"))).isTrue();
        // the other modes do not look at the route: true is for test rigs, false refuses anyway
        assertThat(policy("true").allows("imap", "localhost", Map.of("mail.imap.proxy.host", "10.200.0.1"))).isTrue();
        assertThat(policy("false").allows("imap", "localhost", Map.of())).isFalse();
    }

    @Test
    void theHopIsNamedForTheMessage() {
        assertThat(PlaintextPolicy.networkHop("imap", "localhost", Map.of("mail.imap.proxy.host", "10.200.0.1:3128")))
                .contains("the proxy 10.200.0.1:3128 (mail.imap.proxy.host)");
        assertThat(PlaintextPolicy.networkHop("imap", "localhost", Map.of("mail.imap.socketFactory.class", "x.Y")))
                .contains("the application's socket factory (mail.imap.socketFactory.class), which may send it anywhere");
        assertThat(PlaintextPolicy.networkHop("imap", "localhost", Map.of())).isEmpty();
    }

    @Test
    void theJvmsSocksProxyCountsWhenItAppliesToTheMailHost() {
        ProxySelector before = ProxySelector.getDefault();
        ProxySelector.setDefault(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return List.of(new Proxy(Proxy.Type.SOCKS, InetSocketAddress.createUnresolved("192.0.2.9", 1080)));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException e) {
            }
        });
        try {
            assertThat(PlaintextPolicy.networkHop("imap", "localhost", Map.of())).contains("the proxy 192.0.2.9 (socksProxyHost)");
        } finally {
            ProxySelector.setDefault(before);
        }
        // the JDK's own selector leaves localhost out of socksProxyHost (socksNonProxyHosts)
        assertThat(PlaintextPolicy.networkHop("imap", "localhost", Map.of())).isEmpty();
    }

    @Test
    void anotherValueIsAConfigurationError() {
        assertThatThrownBy(() -> policy("yes"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("mail.imap.oauth2.allow-plaintext (or mail.oauth2.allow-plaintext")
                .hasMessageEndingWith("is \"yes\"; known: loopback (the default), true, false");
    }
}
