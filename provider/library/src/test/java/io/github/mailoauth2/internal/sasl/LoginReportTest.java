package io.github.mailoauth2.internal.sasl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mailoauth2.MailOAuth2;
import io.github.mailoauth2.token.LoginEvent;
import io.github.mailoauth2.token.LoginEvent.Outcome;
import io.github.mailoauth2.token.TokenEventListener;
import io.github.mailoauth2.token.TokenSource;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.security.sasl.SaslException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each SASL exchange is one {@link LoginEvent}, whoever learns how it ended: the client (no token, a failure report)
 * or the adapter's {@link LoginAttempt#ended}. Through the public listener machinery, as an application sees them.
 */
class LoginReportTest {
    private static final Map<String, String> PROPS = Map.of("mail.oauth2.source", "static");

    private final String user = "u-" + UUID.randomUUID() + "@example.test";
    private final List<LoginEvent> events = new CopyOnWriteArrayList<>();
    private final TokenEventListener listener = new TokenEventListener() {
        @Override
        public void onEvent(io.github.mailoauth2.token.TokenEvent event) {
        }

        @Override
        public void onLogin(LoginEvent event) {
            if (user.equals(event.account())) {
                events.add(event);
            }
        }
    };

    @BeforeEach
    void listen() {
        MailOAuth2.addTokenEventListener(listener);
    }

    @AfterEach
    void stopListening() {
        MailOAuth2.removeTokenEventListener(listener);
    }

    private XOAuth2Client client(String protocol, TokenSource source) {
        return new XOAuth2Client(null, protocol, "mail.example.test", PROPS, (p, m) -> source, Clients.connectAs(user, ""));
    }

    @Test
    void aLoginTheAdapterSawSucceedIsOneSucceeded() throws SaslException {
        try (LoginAttempt attempt = LoginAttempt.begin("imaps", "mail.example.test", 993)) {
            client("imaps", new Clients.RecordingSource("tok-ok")).evaluateChallenge(new byte[0]);
            assertThat(events).as("nothing is known before the server answers").isEmpty();

            attempt.ended(true, false, null);
            attempt.ended(true, false, null);
        }

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.protocol()).isEqualTo("imaps");
            assertThat(e.mechanism()).isEqualTo("XOAUTH2");
            assertThat(e.outcome()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(e.source()).isEqualTo("static");
            assertThat(e.detail()).isNull();
        });
    }

    @Test
    void aFailureReportIsOneRejectedWithTheServersReasonEvenWhenTheAdapterSeesTheFailureToo() throws SaslException {
        try (LoginAttempt attempt = LoginAttempt.begin("imaps", "mail.example.test", 993)) {
            XOAuth2Client client = client("imaps", new Clients.RecordingSource("tok-revoked"));
            client.evaluateChallenge(new byte[0]);
            client.evaluateChallenge("{\"status\":\"401\",\"schemes\":\"bearer\"}".getBytes(UTF_8));
            attempt.ended(false, true, "NO AUTHENTICATE failed");
        }

        assertThat(events).extracting(LoginEvent::outcome).containsExactly(Outcome.REJECTED);
        assertThat(events.get(0).detail()).startsWith("XOAUTH2: the server rejected the access token (status 401")
                .doesNotContain("tok-revoked");
    }

    @Test
    void noTokenIsOneFailedThoughSmtpAsksTwice() {
        TokenSource failing = (request, password) -> {
            throw new IOException("the token endpoint said no");
        };
        XOAuth2Client client = client("smtps", failing);

        assertThat(client.hasInitialResponse()).isFalse();
        assertThatThrownBy(() -> client.evaluateChallenge(new byte[0])).isInstanceOf(SaslException.class);

        assertThat(events).extracting(LoginEvent::outcome, LoginEvent::detail)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Outcome.FAILED, "XOAUTH2: the token endpoint said no"));
    }

    @Test
    void aRefusalWithoutAFailureReportIsRejectedAndTheTokenTheServerEchoedIsCleanedOut() throws SaslException {
        try (LoginAttempt attempt = LoginAttempt.begin("smtp", "mail.example.test", 587)) {
            attempt.encryptedWhen(() -> true);
            client("smtp", new Clients.RecordingSource("tok-echoed-by-the-server")).evaluateChallenge(new byte[0]);
            attempt.ended(false, true, "535 5.7.3 no such token: tok-echoed-by-the-server");
        }

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.REJECTED);
            assertThat(e.detail()).isEqualTo("the server refused the login: 535 5.7.3 no such token: [redacted]");
        });
    }

    @Test
    void aBrokenConnectionIsFailed() throws SaslException {
        try (LoginAttempt attempt = LoginAttempt.begin("imaps", "mail.example.test", 993)) {
            client("imaps", new Clients.RecordingSource("tok")).evaluateChallenge(new byte[0]);
            attempt.ended(false, false, "* BYE connection reset");
        }

        assertThat(events).extracting(LoginEvent::outcome, LoginEvent::detail).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Outcome.FAILED, "the login failed: * BYE connection reset"));
    }

    @Test
    void withoutAnAdapterTheClientReportsTheRejectionItself() throws SaslException {
        XOAuth2Client client = client("imaps", new Clients.RecordingSource("tok"));
        client.evaluateChallenge(new byte[0]);
        client.evaluateChallenge("{\"status\":\"400\"}".getBytes(UTF_8));

        assertThat(events).extracting(LoginEvent::outcome).containsExactly(Outcome.REJECTED);
    }
}
