package io.github.mailoauth2.internal.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Issue 20, defect 3: a configured program is killed whole at its timeout and holds nothing of ours. */
@EnabledOnOs(OS.LINUX)
class ExternalProgramTest {
    /** Makes this run's processes findable by their command line: {@code sleep 7171.<nonce>}. */
    private final String nonce = "7171." + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000);

    private String run(String command, Duration timeout) throws IOException {
        return new ExternalProgram(command, timeout, "the token command", "command").run(Map.of(), "the access token");
    }

    @AfterEach
    void killLeftovers() {
        sleepers().forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void theProgramsChildrenDieWithItAtTheTimeout() throws Exception {
        // the shell forks sleep (a command follows it): killing the shell alone would leave sleep running
        assertThatThrownBy(() -> run("sleep " + nonce + "; echo x", Duration.ofSeconds(1)))
                .hasMessageStartingWith("the token command did not finish within 1 s");

        assertThat(stillRunning(sleepers())).as("processes of the program after its timeout").isEmpty();
    }

    @Test
    void anOrphanedGrandchildDiesToo() throws Exception {
        // the inner shell exits at once: its sleep is no longer a descendant of ours, only of our process group
        assertThatThrownBy(() -> run("sh -c 'sleep " + nonce + " &'; sleep " + nonce, Duration.ofSeconds(1)))
                .hasMessageStartingWith("the token command did not finish within 1 s");

        assertThat(stillRunning(sleepers())).as("processes of the program after its timeout").isEmpty();
    }

    @Test
    void whatTheProgramLeavesRunningEndsWithItAndItsOutputIsRead() throws Exception {
        // without the kill, whether the output ends at the shell's exit would depend on a race in the JDK
        assertThat(run("sleep " + nonce + " & echo token", Duration.ofSeconds(5))).isEqualTo("token");

        assertThat(stillRunning(sleepers())).as("the background child after the program's end").isEmpty();
    }

    @Test
    void aProcessThatLeavesWithOurOutputBlocksNoThreadThatMatters() throws Exception {
        // a process that leaves as a daemon does (a session of its own, its parent gone) is out of our reach, and keeps
        // the output pipe open; a plain "setsid sleep &" would still be the shell's child, killed with the tree, and
        // its reader would end at any moment after the kill
        assertThatThrownBy(() -> run("(setsid sleep " + nonce + " &); sleep " + nonce, Duration.ofSeconds(1)))
                .hasMessageStartingWith("the token command did not finish within 1 s");

        List<Thread> readers = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("mail-oauth2 program ")).toList();
        assertThat(readers).as("the reader still waiting for the escaped process's output").isNotEmpty()
                .allSatisfy(reader -> {
                    assertThat(reader.isDaemon()).as("does not hold the JVM's exit").isTrue();
                    assertThat(reader).as("not a shared pool's thread").isNotInstanceOf(ForkJoinWorkerThread.class);
                });
    }

    @Test
    void theProgramDoesNotGetOurSecretVariables() {
        // this JVM's own environment cannot be set here: ProgramTrustIT runs a JVM that has them
        Map<String, String> environment = new HashMap<>(Map.of("MAIL_OAUTH2_STORE_PASSWORD", "db-pass",
                "MAIL_OAUTH2_STORE_KEY", "store-key", "mail_oauth2_client_secret", "client-secret", "PATH", "/usr/bin"));

        ExternalProgram.environment(environment, Map.of("MAIL_OAUTH2_USER", "alice@example.test"));

        assertThat(environment).containsOnly(Map.entry("PATH", "/usr/bin"), Map.entry("MAIL_OAUTH2_USER", "alice@example.test"));
    }

    private List<ProcessHandle> sleepers() {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(nonce)).toList();
    }

    /** The processes that have not ended after the kill signal had time to arrive. */
    private static List<ProcessHandle> stillRunning(List<ProcessHandle> processes) throws Exception {
        for (ProcessHandle p : processes) {
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // still there: reported below
            }
        }
        return processes.stream().filter(ProcessHandle::isAlive).toList();
    }
}
