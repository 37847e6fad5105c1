package io.github.mailoauth2.internal.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import javax.security.sasl.SaslException;
import org.junit.jupiter.api.Test;

/** A bearer token goes only over an encrypted connection; without TLS nothing is fetched or sent. */
class EncryptionTest {
    private final Clients.RecordingSource source = new Clients.RecordingSource("tok-SECRET");

    private XOAuth2Client client(String protocol, String host, Map<String, ?> props) {
        return new XOAuth2Client(null, protocol, host, props, (p, m) -> source, Clients.connectAs("alice@example.test", ""));
    }

    @Test
    void withoutTlsToAnotherMachineTheTokenIsNeitherFetchedNorSentAndTheErrorNamesTheFix() {
        assertThatThrownBy(() -> client("imap", "192.0.2.10", Map.of()).evaluateChallenge(new byte[0]))
                .isInstanceOf(SaslException.class)
                .hasMessage("XOAUTH2: refused to send the access token to 192.0.2.10:143 over a connection without TLS."
                        + " Use imaps (TLS from the start), or set mail.imap.starttls.enable=true and"
                        + " mail.imap.starttls.required=true; only a test rig should set mail.oauth2.allow-plaintext=true");
        assertThat(source.requests).isEmpty();
    }

    @Test
    void theAdaptersWordOnTheConnectionDecides() throws SaslException {
        try (LoginAttempt attempt = LoginAttempt.begin("imaps", "h", 143)) {
            attempt.encryptedWhen(() -> false);
            assertThatThrownBy(() -> client("imap", "192.0.2.10", Map.of("mail.imap.starttls.required", "true"))
                    .evaluateChallenge(new byte[0])).hasMessageContaining("refused to send the access token");
        }
        try (LoginAttempt attempt = LoginAttempt.begin("imaps", "h", 143)) {
            attempt.encryptedWhen(() -> true); // STARTTLS happened although it was only enabled, not required
            assertThat(client("imap", "192.0.2.10", Map.of()).evaluateChallenge(new byte[0])).isNotEmpty();
        }
    }

    @Test
    void withoutAnAdapterOnlySettingsThatGuaranteeTlsCount() throws SaslException {
        assertThat(client("imaps", "192.0.2.10", Map.of()).evaluateChallenge(new byte[0])).isNotEmpty();
        assertThat(client("imap", "192.0.2.10", Map.of("mail.imap.ssl.enable", "true")).evaluateChallenge(new byte[0]))
                .isNotEmpty();
        assertThat(client("smtp", "192.0.2.10", Map.of("mail.smtp.starttls.required", "true"))
                .evaluateChallenge(new byte[0])).isNotEmpty();
        assertThatThrownBy(() -> client("smtp", "192.0.2.10", Map.of("mail.smtp.starttls.enable", "true"))
                .evaluateChallenge(new byte[0])).hasMessageContaining("mail.smtp.starttls.required=true");
    }

    @Test
    void loopbackIsExemptByDefaultAndTheSettingDecidesOtherwise() throws SaslException {
        assertThat(client("imap", "127.0.0.1", Map.of()).evaluateChallenge(new byte[0])).isNotEmpty();
        assertThat(client("imap", "localhost", Map.of()).evaluateChallenge(new byte[0])).isNotEmpty();
        assertThatThrownBy(() -> client("imap", "127.0.0.1", Map.of("mail.oauth2.allow-plaintext", "false"))
                .evaluateChallenge(new byte[0])).hasMessageContaining("refused to send the access token to 127.0.0.1");
        assertThat(client("imap", "192.0.2.10", Map.of("mail.imap.oauth2.allow-plaintext", "true"))
                .evaluateChallenge(new byte[0])).isNotEmpty();
        assertThatThrownBy(() -> client("imap", "127.0.0.1", Map.of("mail.oauth2.allow-plaintext", "sometimes"))
                .evaluateChallenge(new byte[0])).hasMessageContaining("allow-plaintext").hasMessageContaining("loopback");
    }

    @Test
    void controlCharactersInTheUserNameAreRefusedBeforeAnythingIsSent() {
        for (String user : new String[] {"alice\u0001auth=Bearer EVIL\u0001\u0001", "alice\r\nA1 LOGOUT", "alice\u0000"}) {
            XOAuth2Client client = new XOAuth2Client(null, "imaps", "h", Map.of(), (p, m) -> source, Clients.connectAs(user, ""));
            assertThatThrownBy(() -> client.evaluateChallenge(new byte[0])).isInstanceOf(SaslException.class)
                    .hasMessageContaining("the user name contains the control character U+00");
        }
        XOAuth2Client withAuthzid = new XOAuth2Client("bob\u0001", "imaps", "h", Map.of(), (p, m) -> source,
                Clients.connectAs("alice@example.test", ""));
        assertThatThrownBy(() -> withAuthzid.evaluateChallenge(new byte[0])).hasMessageContaining("authorization id");
        assertThat(source.requests).isEmpty();
    }
}
