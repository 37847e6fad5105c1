package io.github.mailoauth2.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.OAuth2Config;
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
    void anotherValueIsAConfigurationError() {
        assertThatThrownBy(() -> policy("yes"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("mail.imap.oauth2.allow-plaintext (or mail.oauth2.allow-plaintext")
                .hasMessageEndingWith("is \"yes\"; known: loopback (the default), true, false");
    }
}
