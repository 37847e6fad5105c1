package io.github.mailoauth2.internal.sources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A configured program and every process it starts, killed as a whole. Where {@code setsid} exists
 * (Linux's util-linux, BusyBox) the program starts as the leader of a session and process group of
 * its own, whose number is its pid; a kill signals that group at once, so children that were already
 * orphaned (their shell gone) or that double-fork still die with it. Elsewhere (macOS, Windows) the
 * living descendants are killed before the program itself, which reaches every process still
 * attached to the tree but not one whose parent has already exited. On both, a process that leaves
 * on purpose (a daemon that calls {@code setsid} itself, like {@code gpg-agent}) is left alone.
 * With a group, what the program leaves in it when it exits is killed too.
 */
final class ProgramTree {
    /** util-linux and BusyBox; found by path, not on the PATH the user's program gets. */
    private static final Path SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid")).stream()
            .filter(Files::isExecutable).findFirst().orElse(null);

    private final Process process;
    private final boolean ownGroup;

    private ProgramTree(Process process, boolean ownGroup) {
        this.process = process;
        this.ownGroup = ownGroup;
    }

    /** Starts what {@code builder} says, in a process group of its own where the platform allows. */
    static ProgramTree start(ProcessBuilder builder) throws IOException {
        if (SETSID == null) {
            return new ProgramTree(builder.start(), false);
        }
        List<String> command = new ArrayList<>(builder.command());
        command.add(0, SETSID.toString());
        // a process the JVM starts is never a group leader, so setsid execs the shell in place: same pid
        return new ProgramTree(builder.command(command).start(), true);
    }

    Process process() {
        return process;
    }

    /**
     * After the program has exited: kills what it left running in its process group, so that the
     * program's processes end with it and none holds its output open. Nothing to do without a group
     * of its own: there, the orphans cannot be found.
     */
    void killLeftovers() {
        if (ownGroup) {
            // the group outlives its leader while it has members; with none left the kill finds nothing
            killGroup(process.pid());
        }
    }

    /** Kills the program and every process of its tree still there; returns at once. */
    void kill() {
        List<ProcessHandle> descendants = process.descendants().toList(); // before the parent dies and they move
        if (ownGroup) {
            killGroup(process.pid());
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Java cannot signal a process group: the shell's built-in {@code kill} can, in one system call. */
    private static void killGroup(long group) {
        try {
            Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -KILL -" + group)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            kill.getOutputStream().close();
            kill.waitFor(2, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no shell left to start: the descendants are still killed one by one
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
