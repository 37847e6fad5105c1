package io.github.mailoauth2.internal.sasl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailoauth2.token.TokenRejection;
import java.util.Map;
import javax.security.sasl.SaslException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Wire format and exchange: on an encrypted connection, which {@link EncryptionTest} is about. */
@ExtendWith(EncryptedConnection.class)
class OAuthBearerClientTest {

    @Test
    void initialResponseFollowsRfc7628() throws SaslException {
        OAuthBearerClient client = Clients.oauthbearer("imaps", "server.example.com", Map.of(), "user@example.com", "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==");

        byte[] response = client.evaluateChallenge(new byte[0]);

        // RFC 7628 section 4.1's example, with the port JavaMail's imaps default gives
        assertThat(new String(response, UTF_8)).isEqualTo(
                "n,a=user@example.com,\u0001host=server.example.com\u0001port=993\u0001"
                        + "auth=Bearer vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==\u0001\u0001");
    }

    @Test
    void thePortComesFromTheAttemptThenThePropertiesThenTheDefault() throws SaslException {
        try (LoginAttempt attempt = LoginAttempt.begin("imaps", "h", 10587)) {
            attempt.encryptedWhen(() -> true);
            assertThat(firstResponse("smtp", Map.of("mail.smtp.port", "2525"))).contains("\u0001port=10587\u0001");
        }
        assertThat(firstResponse("smtp", Map.of("mail.smtp.port", "2525"))).contains("\u0001port=2525\u0001");
        assertThat(firstResponse("smtp", Map.of())).contains("\u0001port=25\u0001");
        assertThat(firstResponse("pop3s", Map.of())).contains("\u0001port=995\u0001");
    }

    @Test
    void commasAndEqualsSignsInTheUserAreEscaped() {
        assertThat(SaslStrings.saslName("a,b=c@example.com")).isEqualTo("a=2Cb=3Dc@example.com");
    }

    @Test
    void failureIsAnsweredWithASingleControlA() throws SaslException {
        Clients.RecordingSource source = new Clients.RecordingSource("tok");
        OAuthBearerClient client = new OAuthBearerClient(null, "imap", "h", Map.of(), (p, m) -> source,
                Clients.connectAs("u@example.com", ""));
        client.evaluateChallenge(new byte[0]);

        byte[] answer = client.evaluateChallenge(("{\"status\":\"invalid_token\",\"scope\":\"example_scope\","
                + "\"openid-configuration\":\"https://example.com/.well-known/openid-configuration\"}").getBytes(UTF_8));

        assertThat(answer).containsExactly(1);
        TokenRejection rejection = source.rejections.get(0);
        assertThat(rejection.mechanism()).isEqualTo("OAUTHBEARER");
        assertThat(rejection.status()).isEqualTo("invalid_token");
        assertThat(rejection.openidConfiguration()).isEqualTo("https://example.com/.well-known/openid-configuration");
    }

    private static String firstResponse(String protocol, Map<String, ?> props) throws SaslException {
        return new String(Clients.oauthbearer(protocol, "h", props, "u", "t").evaluateChallenge(new byte[0]), UTF_8);
    }
}
