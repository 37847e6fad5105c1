package io.github.mailoauth2.internal.store;

import io.github.mailoauth2.store.StoredAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.google.gson.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store shared by separate JVMs, each running {@link StoreChild}. */
class FileTokenStoreProcessTest {
    private static final String ALICE = "alice@example.test";

    @TempDir
    Path dir;

    @Test
    void twoJvmsTimesOneHundredLockedIncrementsLoseNoUpdate() throws Exception {
        Path file = dir.resolve("tokens.json");
        try (Child a = new Child(dir, "increment", file.toString(), "counter", "100");
             Child b = new Child(dir, "increment", file.toString(), "counter", "100")) {
            assertThat(a.nextLine()).isEqualTo("ready");
            assertThat(b.nextLine()).isEqualTo("ready");
            // both start together, so that their increments overlap
            a.send("go");
            b.send("go");

            assertThat(a.nextLine()).isEqualTo("done");
            assertThat(b.nextLine()).isEqualTo("done");
            a.assertExitedNormally();
            b.assertExitedNormally();
        }

        assertThat(Increment.value(new FileTokenStore(file), "counter")).isEqualTo(200);
    }

    /**
     * A child rewrites alice's refresh token in a tight loop while this JVM reads the store without a
     * lock, then is killed at a random moment; five rounds. Every read, during the writes and after the
     * kill, must find a whole store: alice's token no older than the last one reported saved, and all
     * 200 other accounts as they were. A write that is not atomic fails the reads during the writes
     * within a round or two (the kill alone would rarely land inside the write itself).
     */
    @Test
    void aWriterKilledAtRandomMomentsLeavesTheLastSavedTokenOrTheOneInFlightAndEveryOtherAccount()
            throws Exception {
        Path file = dir.resolve("tokens.json");
        FileTokenStore store = new FileTokenStore(file);
        // Other accounts make the file some 100 KB, and every write must keep them.
        Map<String, StoredAccount> others = new LinkedHashMap<>();
        JsonObject accounts = new JsonObject();
        accounts.add(ALICE, entry("rt-0", null));
        for (int i = 0; i < 200; i++) {
            String account = "user" + i + "@example.test";
            String rt = "1//" + "r".repeat(100) + i;
            String at = "ya29." + "a".repeat(300) + i;
            others.put(account, new StoredAccount(rt, at, null, null, null, null, Instant.parse("2026-01-01T10:00:00Z")));
            accounts.add(account, entry(rt, at));
        }
        JsonObject root = new JsonObject();
        root.addProperty("version", 1);
        root.add("accounts", accounts);
        OwnerOnly.write(file, root.toString());
        long seed = System.nanoTime();
        Random random = new Random(seed);
        long next = 1;
        for (int round = 0; round < 5; round++) {
            int killedAfter = 100 + random.nextInt(301);
            String context = "round " + round + ", killed after " + killedAfter + " ms (seed " + seed + ")";
            long lastSaved;
            try (Child writer = new Child(dir, "rewrite", file.toString(), ALICE, Long.toString(next))) {
                assertThat(writer.nextLine()).isEqualTo("saved " + next);
                long seen = next;
                long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(killedAfter);
                while (System.nanoTime() < killAt) {
                    long now = wholeStore(store, others, context + ", reading while it writes");
                    assertThat(now).as(context + ": tokens only move forward").isGreaterThanOrEqualTo(seen);
                    seen = now;
                }
                writer.kill();
                lastSaved = writer.lastSaved();
            }

            long stored = wholeStore(store, others, context + ", after the kill");
            assertLeftoverTemporaryFilesAreOwnerOnly(dir, context);
            assertThat(stored).as(context + ": rt-%d was the last reported saved", lastSaved)
                    .isIn(lastSaved, lastSaved + 1);
            next = stored + 1;
        }
    }

    /** A killed writer may leave its temporary file: it was created owner-only, like the store. */
    private static void assertLeftoverTemporaryFilesAreOwnerOnly(Path dir, String context) throws IOException {
        if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path temp : files.filter(p -> p.getFileName().toString().startsWith(".tokens.json.")).toList()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(temp)))
                        .as(context + ": " + temp).isEqualTo("rw-------");
            }
        }
    }

    /** Reads the store as any reader would, checks that it is whole, and returns alice's token number. */
    private static long wholeStore(FileTokenStore store, Map<String, StoredAccount> others, String context) {
        Map<String, StoredAccount> all;
        try {
            all = store.readAll();
        } catch (IOException e) {
            throw new AssertionError(context + ": the store is unreadable: " + e.getMessage(), e);
        }
        assertThat(all).as(context).containsKey(ALICE).hasSize(201).containsAllEntriesOf(others);
        String rt = all.get(ALICE).refreshToken();
        assertThat(rt).as(context).startsWith("rt-");
        return Long.parseLong(rt.substring(3));
    }

    @Test
    void aLockHeldByAnotherProcessExcludesThisOneAndTimesOutWithAMessageNamingTheLockFile() throws Exception {
        Path file = dir.resolve("tokens.json");
        FileTokenStore store = new FileTokenStore(file, Duration.ofMillis(300));
        try (Child holder = new Child(dir, "hold", file.toString(), "alice")) {
            assertThat(holder.nextLine()).isEqualTo("locked");
            Path lockFile = dir.toRealPath().resolve("tokens.json.lock");

            assertThatThrownBy(() -> store.locked("bob", tx -> null)).isInstanceOf(IOException.class)
                    .hasMessage("timed out after 300 ms waiting for the lock on " + lockFile + ", held by another"
                            + " process using the same token store (fuser " + lockFile + " shows which); if it is"
                            + " stuck, stop it and try again");

            holder.closeStdin();
            holder.assertExitedNormally();
        }
        String result = store.locked("bob", tx -> "free again");
        assertThat(result).isEqualTo("free again");
    }

    private static JsonObject entry(String refreshToken, String accessToken) {
        JsonObject entry = new JsonObject();
        entry.addProperty("refresh_token", refreshToken);
        if (accessToken != null) {
            entry.addProperty("access_token", accessToken);
        }
        entry.addProperty("updated_at", "2026-01-01T10:00:00Z");
        return entry;
    }

    /** A JVM running {@link StoreChild}, its stdout read line by line on a thread of its own. */
    private static final class Child implements AutoCloseable {
        private static final String EOF = "\u0000eof";
        private static int count;

        private final Process process;
        private final Path stderr;
        private final Writer stdin;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private String lastLine = "";

        Child(Path dir, String... args) throws IOException {
            stderr = dir.resolve("child-" + (++count) + ".err");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-cp", System.getProperty("java.class.path"), StoreChild.class.getName()));
            command.addAll(List.of(args));
            process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
            stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // the stream ends with the process
                } finally {
                    lines.add(EOF);
                }
            }, "child stdout");
            reader.setDaemon(true);
            reader.start();
        }

        /** The next line, waiting while the child works; fails (with its stderr) if it falls silent. */
        String nextLine() throws InterruptedException, IOException {
            String line = lines.poll(30, TimeUnit.SECONDS);
            if (line == null || line.equals(EOF)) {
                fail("the child " + (line == null ? "said nothing for 30 s" : "exited") + "; its stderr:\n"
                        + Files.readString(stderr));
            }
            lastLine = line;
            return line;
        }

        void send(String line) throws IOException {
            stdin.write(line + "\n");
            stdin.flush();
        }

        void closeStdin() throws IOException {
            stdin.close();
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
        }

        /** After the child is gone: the n of the last "saved n" it printed. */
        long lastSaved() throws InterruptedException {
            String last = lastLine;
            for (String line = lines.take(); !line.equals(EOF); line = lines.take()) {
                last = line;
            }
            return Long.parseLong(last.substring("saved ".length()));
        }

        void assertExitedNormally() throws InterruptedException, IOException {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                fail("the child did not exit within 30 s");
            }
            assertThat(process.exitValue()).as("exit status; stderr:\n" + Files.readString(stderr)).isZero();
        }

        @Override
        public void close() throws InterruptedException {
            kill();
        }
    }
}
