package io.github.mailoauth2.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The library's System.Logger messages, in the command line's JVM: warnings as one line on stderr, nothing less. */
class WarningsOnStderrTest {
    @Test
    void warningsAreOneLineOnStandardErrorAndDebugIsDropped() {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            System.Logger log = System.getLogger("io.github.mailoauth2.internal.store.FileTokenStore");
            log.log(System.Logger.Level.DEBUG, "not shown");
            log.log(System.Logger.Level.INFO, "not shown either");
            log.log(System.Logger.Level.WARNING, "the token store /tmp/x can be read by other users");
        } finally {
            System.setErr(original);
        }
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("warning: the token store /tmp/x can be read by other users" + System.lineSeparator());
    }
}
