package io.github.mailoauth2.internal.sasl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mailoauth2.token.TokenRejection;
import java.util.Base64;
import java.util.Map;
import javax.security.sasl.SaslException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Wire format and exchange: on an encrypted connection, which {@link EncryptionTest} is about. */
@ExtendWith(EncryptedConnection.class)
class XOAuth2ClientTest {
    /** From Google's oauth2.py run-through (gmail-oauth2-tools wiki). */
    private static final String SEED_USER = "xoauth@gmail.com";
    private static final String SEED_TOKEN = "ya29.AHES6ZRKeUQwH2xhirksSUDSyjg9oPuRMMal05Ty0cfFIT_uRfESHw";
    private static final String SEED_BASE64 = "dXNlcj14b2F1dGhAZ21haWwuY29tAWF1dGg9QmVhcmVyIHlhMjkuQUhFUzZaUktlVVF3SDJ4aGlya3NTVURTeWpnOW9QdVJNTWFsMDVUeTBjZkZJVF91UmZFU0h3AQE=";

    @Test
    void initialResponseMatchesTheSeedByteForByte() throws SaslException {
        XOAuth2Client client = Clients.xoauth2("imap", SEED_USER, SEED_TOKEN);

        assertThat(client.hasInitialResponse()).isTrue();
        byte[] response = client.evaluateChallenge(new byte[0]);

        assertThat(Base64.getEncoder().encodeToString(response)).isEqualTo(SEED_BASE64);
        assertThat(client.isComplete()).isFalse();
    }

    @Test
    void tokenIsFetchedInsideTheExchangeNotAtCreation() throws SaslException {
        Clients.RecordingSource source = new Clients.RecordingSource("tok-1");
        XOAuth2Client client = new XOAuth2Client(null, "imap", "imap.example.test", Map.of("mail.imap.port", "10143"),
                (p, m) -> source, Clients.connectAs("alice@example.test", ""));
        assertThat(source.requests).isEmpty();

        client.evaluateChallenge(new byte[0]);

        assertThat(source.requests).singleElement().satisfies(request -> {
            assertThat(request.user()).isEqualTo("alice@example.test");
            assertThat(request.protocol()).isEqualTo("imap");
            assertThat(request.host()).isEqualTo("imap.example.test");
            assertThat(request.port()).isEqualTo(10143);
        });
    }

    @Test
    void failureReportIsDecodedAnsweredEmptyAndReportedToTheSource() throws SaslException {
        Clients.RecordingSource source = new Clients.RecordingSource("tok-rejected");
        XOAuth2Client client = new XOAuth2Client(null, "imap", "imap.gmail.com", Map.of(), (p, m) -> source,
                Clients.connectAs("alice@example.test", ""));
        client.evaluateChallenge(new byte[0]);

        byte[] answer;
        try (LoginAttempt attempt = LoginAttempt.begin("imaps", "h", 993)) {
            answer = client.evaluateChallenge(
                    "{\"status\":\"401\",\"schemes\":\"bearer\",\"scope\":\"https://mail.google.com/\"}".getBytes(UTF_8));
            assertThat(attempt.rejection()).contains(source.rejections.get(0));
        }

        assertThat(answer).isEmpty();
        assertThat(client.isComplete()).isTrue();
        assertThat(client.getNegotiatedProperty("javax.security.sasl.qop")).isNull();
        TokenRejection rejection = source.rejections.get(0);
        assertThat(rejection.status()).isEqualTo("401");
        assertThat(rejection.schemes()).isEqualTo("bearer");
        assertThat(rejection.requiredScope()).contains("https://mail.google.com/");
        assertThat(source.rejectedTokens.get(0).value()).isEqualTo("tok-rejected");
        assertThat(rejection.describe()).startsWith("XOAUTH2: the server rejected the access token (status 401")
                .doesNotContain("tok-rejected");
    }

    @Test
    void aChallengeAfterTheFailureAnswerEndsTheExchange() throws SaslException {
        XOAuth2Client client = Clients.xoauth2("imap", "alice@example.test", "tok");
        client.evaluateChallenge(new byte[0]);
        client.evaluateChallenge("{\"status\":\"400\"}".getBytes(UTF_8));

        assertThatThrownBy(() -> client.evaluateChallenge("{\"status\":\"400\"}".getBytes(UTF_8)))
                .isInstanceOf(SaslException.class).hasMessageContaining("after its failure report");
    }

    @Test
    void aNonEmptyFirstChallengeIsRefused() {
        XOAuth2Client client = Clients.xoauth2("imap", "alice@example.test", "secret-token");

        assertThatThrownBy(() -> client.evaluateChallenge("hello".getBytes(UTF_8)))
                .isInstanceOf(SaslException.class)
                .hasMessageStartingWith("XOAUTH2: the server sent a challenge before the client's first response");
    }

    @Test
    void anEmptyConnectPasswordSaysWhatToDoWithoutEchoingAnything() {
        XOAuth2Client client = Clients.xoauth2("imap", "alice@example.test", "");

        assertThatThrownBy(() -> client.evaluateChallenge(new byte[0]))
                .isInstanceOf(SaslException.class)
                .hasMessageStartingWith("XOAUTH2: no access token for alice@example.test")
                .hasMessageContaining("Pass the access token as the password");
    }

    @Test
    void withoutAUserTheAuthorizationIdIsUsed() throws SaslException {
        XOAuth2Client client = new XOAuth2Client("bob@example.test", "smtp", "smtp.example.test", Map.of(),
                (p, m) -> new Clients.RecordingSource("t"), Clients.connectAs(null, "ignored"));

        assertThat(new String(client.evaluateChallenge(new byte[0]), UTF_8)).startsWith("user=bob@example.test\u0001");
    }

    @Test
    void withNoUserAtAllTheErrorSaysSo() {
        XOAuth2Client client = new XOAuth2Client(null, "imap", "h", Map.of(), (p, m) -> new Clients.RecordingSource("t"),
                Clients.connectAs(null, "x"));

        assertThatThrownBy(() -> client.evaluateChallenge(new byte[0]))
                .isInstanceOf(SaslException.class).hasMessage("XOAUTH2: no user name; pass the mailbox address as the user to connect()");
    }

    @Test
    void disposeForgetsTheResponse() throws SaslException {
        XOAuth2Client client = Clients.xoauth2("imap", "alice@example.test", "tok");
        byte[] response = client.evaluateChallenge(new byte[0]);

        client.dispose();

        assertThat(response).containsOnly((byte) 0);
        assertThatThrownBy(() -> client.evaluateChallenge(new byte[0])).isInstanceOf(IllegalStateException.class);
    }
}
