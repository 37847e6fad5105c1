package io.github.mailoauth2.internal.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailoauth2.internal.sources.ConnectPasswordTokenSource;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.security.sasl.SaslException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * The SASL clients against generated input (jqwik; a failure prints the seed that reproduces it):
 * whatever the user name, token or server challenge, a client either produces exactly the fields of
 * its mechanism or throws a {@link SaslException}, and a server's text never echoes the token.
 */
class SaslClientProperties {
    private static final String TOKEN = "tok-SECRET-0123456789";
    private LoginAttempt attempt;

    @BeforeProperty
    void encrypted() {
        attempt = LoginAttempt.begin("imaps", "h", 993);
        attempt.encryptedWhen(() -> true);
    }

    @AfterProperty
    void done() {
        attempt.close();
    }

    @Provide
    Arbitrary<String> users() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withChars("ab@.,=\u0001\r\n\u0000 ").ofMaxLength(20));
    }

    @Property(tries = 3000)
    void aUserNameEitherGoesOutAsOneFieldOrIsRefused(@ForAll("users") String user) {
        XOAuth2Client client = new XOAuth2Client(null, "imaps", "h", Map.of(), (p, m) -> new ConnectPasswordTokenSource(),
                Clients.connectAs(user, TOKEN));
        try {
            String response = new String(client.evaluateChallenge(new byte[0]), StandardCharsets.UTF_8);
            assertThat(response.split("\u0001", -1)).containsExactly("user=" + user, "auth=Bearer " + TOKEN, "", "");
        } catch (SaslException e) {
            assertThat(refusable(user)).isTrue();
        }
    }

    @Property(tries = 3000)
    void oauthBearerFieldsCannotBeForgedThroughTheUserName(@ForAll("users") String user) {
        OAuthBearerClient client = Clients.oauthbearer("imaps", "h", Map.of(), user, TOKEN);
        try {
            String response = new String(client.evaluateChallenge(new byte[0]), StandardCharsets.UTF_8);
            String[] fields = response.split("\u0001", -1);
            assertThat(fields).hasSize(6);
            assertThat(fields[0]).startsWith("n,a=").endsWith(",").doesNotContain("\u0001");
            assertThat(fields[0].substring(4, fields[0].length() - 1)).doesNotContain(",");
            assertThat(List.of(fields[1], fields[2], fields[3])).containsExactly("host=h", "port=993", "auth=Bearer " + TOKEN);
        } catch (SaslException e) {
            assertThat(refusable(user)).isTrue();
        }
    }

    /** Blank, a control character, or not encodable as UTF-8 (a lone surrogate). */
    private static boolean refusable(String user) {
        return user.isBlank() || user.chars().anyMatch(c -> c < 0x20 || c == 0x7F)
                || !StandardCharsets.UTF_8.newEncoder().canEncode(user);
    }

    @Provide
    Arbitrary<byte[]> challenges() {
        Arbitrary<byte[]> json = Arbitraries.strings().all().ofMaxLength(200).map(s -> ("{\"status\":\"" + s
                + "\",\"scope\":\"" + TOKEN + s + "\"}").getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> text = Arbitraries.strings().withChars("{}[]\":,0123456789abc\\ \u0001\u202E")
                .ofMaxLength(120).map(s -> s.getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(json, raw, text);
    }

    @Property(tries = 3000)
    void anyFailureChallengeEndsInAnAnswerOrASaslExceptionAndNeverShowsTheToken(@ForAll("challenges") byte[] challenge) {
        Clients.RecordingSource source = new Clients.RecordingSource(TOKEN);
        XOAuth2Client client = new XOAuth2Client(null, "imaps", "h", Map.of(), (p, m) -> source,
                Clients.connectAs("u@example.test", ""));
        try {
            client.evaluateChallenge(new byte[0]);
            byte[] answer = client.evaluateChallenge(challenge);
            assertThat(answer).isEmpty();
            assertThat(client.isComplete()).isTrue();
            String described = source.rejections.get(0).describe();
            assertThat(described.contains(TOKEN)).as("the token in the description").isFalse();
            assertThat(described.chars().noneMatch(c -> c < 0x20 || c >= 0x202A && c <= 0x202E)).isTrue();
        } catch (SaslException e) {
            assertThat(e.getMessage()).startsWith("XOAUTH2: ");
            assertThat(e.getMessage().contains(TOKEN)).isFalse();
        }
    }

    @Property(tries = 500)
    void theSmtpLineRuleHoldsForEveryTokenLength(@ForAll("tokenLengths") int length) throws SaslException {
        String token = "t".repeat(length);
        XOAuth2Client client = Clients.xoauth2("smtps", "alice@example.test", token);
        int line = ("AUTH XOAUTH2 " + Base64.getEncoder().encodeToString(
                SaslStrings.xoauth2("alice@example.test", token).getBytes(StandardCharsets.UTF_8)) + "\r\n").length();
        assertThat(client.hasInitialResponse()).isEqualTo(line <= BearerTokenClient.SMTP_MAX_LINE);
    }

    @Provide
    Arbitrary<Integer> tokenLengths() {
        return Arbitraries.integers().between(1, 4000);
    }
}
