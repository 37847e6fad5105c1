package io.github.mailoauth2.internal.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import javax.security.sasl.SaslException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** RFC 4954: {@code AUTH XOAUTH2 <base64>} CRLF must fit in 512 octets, else no initial response. */
/** Wire format and exchange: on an encrypted connection, which {@link EncryptionTest} is about. */
@ExtendWith(EncryptedConnection.class)
class SmtpLineLimitTest {
    private static final String USER = "a@b.c";

    @Test
    void theLongestTokenThatFitsIsSentInline() throws SaslException {
        // "user=a@b.c^Aauth=Bearer " + token + "^A^A" is 20 + 5 + 347 = 372 bytes -> 496 base64 chars;
        // "AUTH XOAUTH2 " (13) + 496 + CRLF (2) = 511 octets
        XOAuth2Client client = Clients.xoauth2("smtp", USER, "t".repeat(347));

        assertThat(client.hasInitialResponse()).isTrue();
        String line = "AUTH XOAUTH2 " + Base64.getEncoder().encodeToString(client.evaluateChallenge(new byte[0])) + "\r\n";
        assertThat(line.length()).isEqualTo(511);
    }

    @Test
    void oneByteMoreGoesOnALineOfItsOwn() throws SaslException {
        XOAuth2Client client = Clients.xoauth2("smtp", USER, "t".repeat(348));

        assertThat(client.hasInitialResponse()).isFalse();
        // the server's empty 334 challenge then gets the response
        assertThat(client.evaluateChallenge(new byte[0])).hasSize(373);
    }

    @Test
    void aTypicalMicrosoftJwtIsNeverInlineOnSmtpButAlwaysOnImap() {
        String jwt = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9." + "x".repeat(1800);

        assertThat(Clients.xoauth2("smtps", USER, jwt).hasInitialResponse()).isFalse();
        assertThat(Clients.oauthbearer("smtp", "smtp.office365.com", java.util.Map.of(), USER, jwt).hasInitialResponse()).isFalse();
        assertThat(Clients.xoauth2("imaps", USER, jwt).hasInitialResponse()).isTrue();
    }

    @Test
    void aTokenThatCannotBeHadIsReportedByTheExchangeNotByHasInitialResponse() {
        XOAuth2Client client = Clients.xoauth2("smtp", USER, "");

        assertThat(client.hasInitialResponse()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.evaluateChallenge(new byte[0]))
                .isInstanceOf(SaslException.class).hasMessageContaining("no access token");
    }
}
