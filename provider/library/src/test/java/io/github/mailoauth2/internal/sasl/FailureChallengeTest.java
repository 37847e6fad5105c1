package io.github.mailoauth2.internal.sasl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mailoauth2.token.TokenRejection;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.security.sasl.SaslException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Wire format and exchange: on an encrypted connection, which {@link EncryptionTest} is about. */
@ExtendWith(EncryptedConnection.class)
class FailureChallengeTest {

    @Test
    void googleStyleReport() throws SaslException {
        TokenRejection r = FailureChallenge.parse("XOAUTH2",
                "{\"status\":\"400\",\"schemes\":\"Bearer\",\"scope\":\"https://mail.google.com/\"}".getBytes(UTF_8), List.of());

        assertThat(r).isEqualTo(new TokenRejection("XOAUTH2", "400", "Bearer", "https://mail.google.com/", null));
    }

    @Test
    void numericStatusAndUnknownFieldsAreAccepted() throws SaslException {
        TokenRejection r = FailureChallenge.parse("XOAUTH2", "{\"status\":401,\"extra\":[1,2],\"scope\":null}".getBytes(UTF_8), List.of());

        assertThat(r.status()).isEqualTo("401");
        assertThat(r.scope()).isNull();
    }

    @Test
    void controlCharactersNeverReachLogLines() throws SaslException {
        TokenRejection r = FailureChallenge.parse("XOAUTH2",
                "{\"status\":\"401\\r\\nFAKE LOG LINE\\u202E\"}".getBytes(UTF_8), List.of());

        assertThat(r.status()).isEqualTo("401 FAKE LOG LINE?");
    }

    @Test
    void aTokenTheServerEchoesIsRedacted() throws SaslException {
        TokenRejection r = FailureChallenge.parse("XOAUTH2",
                "{\"status\":\"401\",\"scope\":\"token ya29.SECRET was rejected\"}".getBytes(UTF_8), List.of("ya29.SECRET"));

        assertThat(r.scope()).isEqualTo("token [redacted] was rejected");
        assertThat(r.describe()).doesNotContain("ya29.SECRET");
    }

    static Stream<Arguments> malformed() {
        byte[] huge = new byte[FailureChallenge.MAX_BYTES + 1];
        Arrays.fill(huge, (byte) ' ');
        return Stream.of(
                Arguments.of("not base64 (raw text passed through)", "%%% not base64 %%%".getBytes(UTF_8), "not valid JSON"),
                Arguments.of("plain text", "Authentication failed".getBytes(UTF_8), "not valid JSON"),
                Arguments.of("truncated JSON", "{\"status\":\"401\",\"sch".getBytes(UTF_8), "not valid JSON"),
                Arguments.of("a JSON array", "[\"401\"]".getBytes(UTF_8), "not a JSON object"),
                Arguments.of("a JSON string", "\"401\"".getBytes(UTF_8), "not a JSON object"),
                Arguments.of("no status", "{\"schemes\":\"bearer\"}".getBytes(UTF_8), "no \"status\""),
                Arguments.of("nested status", "{\"status\":{\"code\":401}}".getBytes(UTF_8), "no \"status\""),
                Arguments.of("binary", new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0x80}, "binary data"),
                Arguments.of("empty", new byte[0], "it is empty"),
                Arguments.of("huge", huge, "at most 16384 expected"),
                Arguments.of("deeply nested", ("[".repeat(10_000)).getBytes(UTF_8), "not valid JSON"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedReportsEndInAClearSaslException(String what, byte[] challenge, String expected) throws SaslException {
        XOAuth2Client client = new XOAuth2Client(null, "imap", "h", Map.of(), (p, m) -> new Clients.RecordingSource("secret-token"),
                Clients.connectAs("u@example.com", ""));
        client.evaluateChallenge(new byte[0]);

        assertThatThrownBy(() -> client.evaluateChallenge(challenge))
                .isExactlyInstanceOf(SaslException.class)
                .hasMessageStartingWith("XOAUTH2: the server's failure challenge is malformed: ")
                .hasMessageContaining(expected)
                .message().doesNotContain("secret-token");
    }
}
