package io.github.mailoauth2.internal.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mailoauth2.token.AccessToken;
import io.github.mailoauth2.token.TokenRequest;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

@DisabledOnOs(OS.WINDOWS)
class CommandFetcherTest {
    private static final TokenRequest REQUEST = new TokenRequest("alice@example.test", "imaps", "imap.example.test", 993);
    private final MutableClock clock = new MutableClock();

    private AccessToken run(String command, Duration timeout) throws IOException {
        return new CommandFetcher(command, timeout, clock).fetch("alice@example.test", REQUEST);
    }

    @Test
    void theFirstLineIsTheTokenAndTheProgramKnowsWhoAsks() throws IOException {
        AccessToken token = run("echo \"tok-for-$MAIL_OAUTH2_USER-$MAIL_OAUTH2_PROTOCOL-$MAIL_OAUTH2_HOST\"; echo second line",
                Duration.ofSeconds(10));

        assertThat(token.value()).isEqualTo("tok-for-alice@example.test-imaps-imap.example.test");
        assertThat(token.expiresAt()).isEmpty();
    }

    @Test
    void aJsonTokenResponseGivesTheExpiry() throws IOException {
        AccessToken token = run("echo '{\"access_token\":\"tok\",\"expires_in\":3599}'", Duration.ofSeconds(10));

        assertThat(token.value()).isEqualTo("tok");
        assertThat(token.expiresAt()).contains(clock.instant().plusSeconds(3599));
    }

    @Test
    void aFailingProgramIsReportedWithItsStatusAndLastErrorLineNeverItsOutput() {
        assertThatThrownBy(() -> run("echo partial-token-output; echo 'pizauth: reading config' >&2;"
                + " echo 'pizauth: no such account' >&2; exit 3", Duration.ofSeconds(10)))
                .isInstanceOf(IOException.class)
                .hasMessage("the token command exited with status 3: pizauth: no such account");
    }

    @Test
    void aMissingProgramIsNamedAsSuch() {
        assertThatThrownBy(() -> run("no-such-token-program-here --account x", Duration.ofSeconds(10)))
                .hasMessageStartingWith("the token command was not found (mail.oauth2.command; is the program installed and on the PATH?)")
                .hasMessageContaining("no-such-token-program-here");
    }

    @Test
    void outputBeyondTheCapIsRefusedNotCut() {
        assertThatThrownBy(() -> run("head -c 70000 /dev/zero | tr '\\0' a", Duration.ofSeconds(10)))
                .hasMessage("the token command printed more than 64 KB; it must print the access token");
    }

    @Test
    void aHangingProgramIsStoppedAtTheTimeout() {
        assertThatThrownBy(() -> run("sleep 30", Duration.ofSeconds(1)))
                .hasMessageStartingWith("the token command did not finish within 1 s");
    }

    @Test
    void emptyOutputAndJsonWithoutATokenAreErrorsThatDoNotEchoTheOutput() {
        assertThatThrownBy(() -> run("true", Duration.ofSeconds(10))).hasMessageContaining("printed nothing");
        assertThatThrownBy(() -> run("echo '{\"token\":\"secret-value\"}'", Duration.ofSeconds(10)))
                .hasMessage("the token command printed JSON but no access_token");
    }
}
