package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, defect 3, as a user meets it: {@code command} and {@code client-assertion-command} with
 * {@code sleep 7171; echo x} and {@code timeout=3}, in a JVM whose environment holds the store's
 * secrets and whose common pool has two threads. Each connect fails at the timeout, the program's
 * child does not outlive it, the program never sees our secrets, a later instant program is not held
 * up, and the JVM exits when {@code main} returns.
 */
@EnabledOnOs(OS.LINUX)
class ProgramTrustIT {
    private final String nonce = "7171." + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000);
    @TempDir
    Path dir;

    @AfterEach
    void killLeftovers() {
        sleepers().forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void aHangingProgramIsKilledWholeSeesNoSecretAndHoldsNothingUp() throws Exception {
        Path environment = dir.resolve("environment");
        ProcessBuilder app = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2", "-cp", System.getProperty("java.class.path"),
                ProgramTrustApp.class.getName(), "env >> " + environment + "; sleep " + nonce + "; echo x"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("output").toFile());
        app.environment().putAll(Map.of("MAIL_OAUTH2_STORE_PASSWORD", "db-password-" + nonce,
                "MAIL_OAUTH2_STORE_KEY", "store-key-" + nonce, "MAIL_OAUTH2_CLIENT_SECRET", "client-secret-" + nonce));
        long start = System.nanoTime();
        Process jvm = app.start();
        boolean exited = jvm.waitFor(60, TimeUnit.SECONDS);
        jvm.destroyForcibly();
        String output = Files.readString(dir.resolve("output"));
        System.out.printf("ProgramTrustIT: the application's JVM ran %.1f s in all; it printed:%n%s",
                (System.nanoTime() - start) / 1e9, output);

        assertThat(exited).as("the JVM exits when main returns; it printed:%n%s", output).isTrue();
        assertThat(output).contains("command: TIMED-OUT", "client-assertion-command: TIMED-OUT", "instant command: LOGGED-IN",
                "main returns");
        assertThat(sleepers()).as("the programs' children after their timeout").isEmpty();
        String seen = Files.readString(environment);
        assertThat(seen).contains("MAIL_OAUTH2_USER=", "PATH=")
                .doesNotContain(nonce.substring(5), "MAIL_OAUTH2_STORE", "MAIL_OAUTH2_CLIENT_SECRET");
    }

    private List<ProcessHandle> sleepers() {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains("sleep " + nonce)).toList();
    }
}
