package io.github.mailoauth2.internal.sources;

import static io.github.mailoauth2.testing.FakeTokenEndpoint.Answer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mailoauth2.testing.FakeTokenEndpoint;
import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.OAuth2Config;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The command line's grants against a local fake: what they send is never shown back. */
class OAuth2ClientTest {
    private static final String DEVICE_CODE = "dc-SECRET-device-code-0042";
    private FakeTokenEndpoint server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private OAuth2Client client() throws ConfigurationException {
        return OAuth2Client.of(OAuth2Config.of("imap", Map.of("mail.oauth2.token-url", server.url(),
                "mail.oauth2.device-url", server.url(), "mail.oauth2.authorization-url", "https://login.example.test/authorize",
                "mail.oauth2.client-id", "app", "mail.oauth2.scope", "mail offline_access")));
    }

    /** The value of a form field of a request body. */
    private static String field(String body, String name) {
        return Arrays.stream(body.split("&")).filter(p -> p.startsWith(name + "=")).findFirst()
                .map(p -> URLDecoder.decode(p.substring(name.length() + 1), StandardCharsets.UTF_8)).orElseThrow();
    }

    @Test
    void theDeviceFlowPollsUntilARefusalThatDoesNotShowTheDeviceCode() throws IOException {
        server = new FakeTokenEndpoint((n, body) -> n == 1
                ? json(200, "{\"device_code\":\"" + DEVICE_CODE + "\",\"user_code\":\"WDJB\\u202EMJHT\",\"verification_uri\":"
                        + "\"https://login.example.test/device\",\"interval\":\"1\",\"expires_in\":9223372036854775807}")
                : n == 2 ? json(400, "{\"error\":\"authorization_pending\"}")
                : json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"device code " + field(body, "device_code")
                        + " is unknown\"}"));
        OAuth2Client client = client();

        OAuth2Client.DeviceAuthorization device = client.startDeviceAuthorization();
        assertThat(device.userCode()).isEqualTo("WDJB?MJHT");
        assertThat(device.interval()).isEqualTo(Duration.ofSeconds(1));

        assertThatThrownBy(() -> client.awaitDeviceAuthorization(device, wait -> { }))
                .hasMessageContaining("invalid_grant (device code [redacted] is unknown)")
                .message().doesNotContain(DEVICE_CODE);
        assertThat(server.requests()).isEqualTo(3);
        assertThat(server.bodies().get(0)).isEqualTo("client_id=app&scope=mail+offline_access");
    }

    @Test
    void theCodeExchangeDoesNotShowTheCodeOrItsVerifier() throws IOException {
        server = new FakeTokenEndpoint((n, body) -> json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"code "
                + field(body, "code") + " with verifier " + field(body, "code_verifier") + " was used\"}"));
        OAuth2Client.BrowserAuthorization authorization = client().browserAuthorization("http://127.0.0.1:53682/", null);

        assertThatThrownBy(() -> authorization.exchange("code-SECRET-1234"))
                .hasMessageContaining("invalid_grant (code [redacted] with verifier [redacted] was used)")
                .hasMessageContaining("The grant (authorization_code) is invalid, expired or revoked; authorize again");
        assertThat(field(server.bodies().get(0), "code_verifier")).hasSizeGreaterThan(40);
    }

    @Test
    void aPlainHttpDeviceEndpointElsewhereIsRefusedBeforeAnyRequest() throws IOException {
        server = FakeTokenEndpoint.always(json(500, "{}"));
        OAuth2Client client = OAuth2Client.of(OAuth2Config.of("imap", Map.of("mail.oauth2.token-url", server.url(),
                "mail.oauth2.device-url", "http://192.0.2.1/devicecode", "mail.oauth2.client-id", "app")));

        assertThatThrownBy(client::startDeviceAuthorization).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("device-url").hasMessageContaining("plain http to a host that is not this machine");
        assertThat(server.requests()).isZero();
    }
}
