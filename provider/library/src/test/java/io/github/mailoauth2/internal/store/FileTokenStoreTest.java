package io.github.mailoauth2.internal.store;

import io.github.mailoauth2.CapturedLog;
import io.github.mailoauth2.store.TokenStore;
import io.github.mailoauth2.store.StoredAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTokenStoreTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final String RT = "1//rt-SECRET-refresh";
    private static final String AT = "ya29.SECRET-access";

    @TempDir
    Path dir;

    private static StoredAccount alice() {
        return new StoredAccount(RT, AT, T0.plusSeconds(3600), "https://mail.google.com/",
                "https://oauth2.googleapis.com/token", "client-1", T0);
    }

    private static void save(FileTokenStore store, String account, StoredAccount stored) throws IOException {
        store.locked(account, tx -> {
            tx.save(stored);
            return null;
        });
    }

    private static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    // --- format ---

    @Test
    void aMissingFileIsAnEmptyStoreAndReadingCreatesNothing() throws IOException {
        FileTokenStore store = new FileTokenStore(dir.resolve("mail-oauth2/tokens.json"));

        assertThat(store.readAll()).isEmpty();
        assertThat(store.read("alice@example.test")).isEmpty();
        assertThat(dir.resolve("mail-oauth2")).doesNotExist();
    }

    @Test
    void savesTheDocumentedJsonFormatAndReadsItBack() throws IOException {
        Path file = dir.resolve("tokens.json");
        FileTokenStore store = new FileTokenStore(file);

        save(store, "alice@example.test", alice());

        JsonObject root = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        assertThat(root.get("version").getAsInt()).isEqualTo(1);
        JsonObject entry = root.getAsJsonObject("accounts").getAsJsonObject("alice@example.test");
        assertThat(entry.get("refresh_token").getAsString()).isEqualTo(RT);
        assertThat(entry.get("access_token").getAsString()).isEqualTo(AT);
        assertThat(entry.get("access_token_expires_at").getAsString()).isEqualTo("2026-01-01T11:00:00Z");
        assertThat(entry.get("scope").getAsString()).isEqualTo("https://mail.google.com/");
        assertThat(entry.get("token_url").getAsString()).isEqualTo("https://oauth2.googleapis.com/token");
        assertThat(entry.get("client_id").getAsString()).isEqualTo("client-1");
        assertThat(entry.get("updated_at").getAsString()).isEqualTo("2026-01-01T10:00:00Z");
        assertThat(store.read("alice@example.test")).contains(alice());
        assertThat(store.readAll()).containsOnlyKeys("alice@example.test");
    }

    @Test
    void nullFieldsRoundTrip() throws IOException {
        FileTokenStore store = new FileTokenStore(dir.resolve("tokens.json"));
        StoredAccount bare = new StoredAccount("rt", null, null, null, null, null, T0);

        save(store, "bare", bare);

        assertThat(store.read("bare")).contains(bare);
    }

    @Test
    void theRefreshTokensHistoryRoundTrips() throws IOException {
        Path file = dir.resolve("tokens.json");
        FileTokenStore store = new FileTokenStore(file);
        StoredAccount refused = alice().refreshed("1//rt-SECRET-rotated", AT, T0.plusSeconds(3700), T0.plusSeconds(100))
                .withRefusal("invalid_grant (Token is not active)", T0.plusSeconds(200));

        save(store, "alice@example.test", refused);

        JsonObject entry = JsonParser.parseString(Files.readString(file)).getAsJsonObject()
                .getAsJsonObject("accounts").getAsJsonObject("alice@example.test");
        assertThat(entry.get("refresh_token_issued_at").getAsString()).isEqualTo("2026-01-01T10:01:40Z");
        assertThat(entry.get("last_refresh_at").getAsString()).isEqualTo("2026-01-01T10:01:40Z");
        assertThat(entry.get("refusal").getAsString()).isEqualTo("invalid_grant (Token is not active)");
        assertThat(new FileTokenStore(file).read("alice@example.test")).contains(refused);
    }

    @Test
    void theBackoffRoundTripsAndAFileWrittenBeforeItLoads() throws IOException {
        Path file = dir.resolve("tokens.json");
        FileTokenStore store = new FileTokenStore(file);
        StoredAccount refused = alice().withRefusal("invalid_grant", T0.plusSeconds(100));
        save(store, "alice@example.test", refused);
        String previousRelease = Files.readString(file);
        assertThat(previousRelease).doesNotContain("backoff");

        assertThat(new FileTokenStore(file).read("alice@example.test")).contains(refused);

        StoredAccount backingOff = refused.withBackoff("HTTP 503", T0.plusSeconds(130), T0.plusSeconds(100));
        save(store, "alice@example.test", backingOff);
        JsonObject entry = JsonParser.parseString(Files.readString(file)).getAsJsonObject()
                .getAsJsonObject("accounts").getAsJsonObject("alice@example.test");
        assertThat(entry.get("backoff_until").getAsString()).isEqualTo("2026-01-01T10:02:10Z");
        assertThat(entry.get("backoff_cause").getAsString()).isEqualTo("HTTP 503");
        assertThat(new FileTokenStore(file).read("alice@example.test")).contains(backingOff);
    }

    @Test
    void aFileWrittenBeforeTheRefreshTokensHistoryLoads() throws IOException {
        Path file = dir.resolve("tokens.json");
        OwnerOnly.write(file, """
                {
                  "version": 1,
                  "accounts": {
                    "alice@example.test": {
                      "refresh_token": "1//rt-SECRET-refresh",
                      "access_token": "ya29.SECRET-access",
                      "access_token_expires_at": "2026-01-01T11:00:00Z",
                      "scope": "https://mail.google.com/",
                      "token_url": "https://oauth2.googleapis.com/token",
                      "client_id": "client-1",
                      "updated_at": "2026-01-01T10:00:00Z"
                    }
                  }
                }
                """);
        FileTokenStore store = new FileTokenStore(file);

        StoredAccount read = store.read("alice@example.test").orElseThrow();

        assertThat(read).isEqualTo(alice());
        assertThat(read.refreshTokenIssuedAt()).isNull();
        assertThat(read.lastRefreshAt()).isNull();
        assertThat(read.refusal()).isNull();
        assertThat(read.backoffUntil()).isNull();
    }

    @Test
    void aWriteLeavesOtherAccountsEntriesExactlyAsTheyWere() throws IOException {
        Path file = dir.resolve("tokens.json");
        // bob's entry carries a field this release does not know; it must survive alice's writes untouched.
        OwnerOnly.write(file, """
                {"version": 1, "written_by": "a future release",
                 "accounts": {"bob@example.test": {"refresh_token": "bob-rt", "updated_at": "2025-12-24T18:00:00Z",
                                                   "id_token": "kept as is", "access_token": null}}}
                """);
        JsonObject bobBefore = JsonParser.parseString(Files.readString(file)).getAsJsonObject()
                .getAsJsonObject("accounts").getAsJsonObject("bob@example.test");
        FileTokenStore store = new FileTokenStore(file);

        save(store, "alice@example.test", alice());
        save(store, "alice@example.test", alice().withAccessToken("ya29.second", T0.plusSeconds(7200), T0));
        store.remove("carol@example.test");

        JsonObject root = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        assertThat(root.getAsJsonObject("accounts").getAsJsonObject("bob@example.test")).isEqualTo(bobBefore);
        assertThat(root.get("written_by").getAsString()).isEqualTo("a future release");
        assertThat(store.read("bob@example.test").orElseThrow().refreshToken()).isEqualTo("bob-rt");
        assertThat(store.read("alice@example.test").orElseThrow().accessToken()).isEqualTo("ya29.second");
    }

    @Test
    void removeDeletesOneEntryAndKeepsTheOthers() throws IOException {
        FileTokenStore store = new FileTokenStore(dir.resolve("tokens.json"));
        save(store, "alice", alice());
        save(store, "bob", alice().withRefreshToken("bob-rt", T0));

        store.remove("alice");

        assertThat(store.readAll()).containsOnlyKeys("bob");
    }

    @Test
    void anEmptyFileIsAnEmptyStore() throws IOException {
        // e.g. made with touch and chmod 600 beforehand: there is nothing in it to lose
        Path file = dir.resolve("tokens.json");
        OwnerOnly.write(file, new byte[0]);
        FileTokenStore store = new FileTokenStore(file);

        assertThat(store.readAll()).isEmpty();
        save(store, "alice", alice());
        assertThat(store.read("alice")).contains(alice());
    }

    // --- compare-and-set ---

    @Test
    void compareAndSetWithNoExpectedRefreshTokenCreatesAMissingEntry() throws IOException {
        FileTokenStore store = new FileTokenStore(dir.resolve("tokens.json"));

        assertThat(store.compareAndSet("alice", null, alice())).isTrue();

        assertThat(store.read("alice")).contains(alice());
    }

    @Test
    void compareAndSetReplacesTheEntryWhenTheStoredRefreshTokenIsTheExpectedOne() throws IOException {
        FileTokenStore store = new FileTokenStore(dir.resolve("tokens.json"));
        save(store, "alice", alice());
        StoredAccount rotated = alice().withRefreshToken("1//rt-SECRET-rotated", T0.plusSeconds(60));

        assertThat(store.compareAndSet("alice", RT, rotated)).isTrue();

        assertThat(store.read("alice")).contains(rotated);
    }

    @Test
    void compareAndSetChangesNotOneByteWhenTheStoredRefreshTokenIsAnotherOne() throws IOException {
        Path file = dir.resolve("tokens.json");
        FileTokenStore store = new FileTokenStore(file);
        save(store, "alice", alice());
        byte[] before = Files.readAllBytes(file);
        StoredAccount stale = alice().withRefreshToken("1//rt-SECRET-stale", T0.plusSeconds(60));

        assertThat(store.compareAndSet("alice", "1//rt-SECRET-older", stale)).isFalse();
        assertThat(store.compareAndSet("alice", null, stale)).as("expects no entry, finds one").isFalse();
        assertThat(store.compareAndSet("bob", RT, stale)).as("expects an entry, finds none").isFalse();

        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    // --- permissions ---

    @Test
    void theDirectoryIsCreatedOwnerOnlyAndTheFileAndLockFileToo() throws IOException {
        Path storeDir = dir.resolve("config/mail-oauth2");
        Path file = storeDir.resolve("tokens.json");

        save(new FileTokenStore(file), "alice", alice());

        assertThat(file).exists();
        assumeTrue(posix(file), "not a POSIX file system");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(storeDir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(storeDir.resolve("tokens.json.lock"))))
                .isEqualTo("rw-------");
    }

    @Test
    void aStoreReadableByOthersIsReportedWithAWarningAndStillReadThenMadePrivateByTheNextWrite() throws IOException {
        Path file = dir.resolve("tokens.json");
        assumeTrue(posix(dir), "not a POSIX file system");
        save(new FileTokenStore(file), "alice", alice());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        try (CapturedLog log = CapturedLog.of(FileTokenStore.class)) {
            FileTokenStore store = new FileTokenStore(file);

            assertThat(store.read("alice")).contains(alice());
            store.readAll();

            List<LogRecord> records = log.records();
            assertThat(records).hasSize(1);
            assertThat(records.get(0).getLevel()).isEqualTo(java.util.logging.Level.WARNING);
            assertThat(records.get(0).getMessage()).contains(file.toString(), "chmod 600", "rw-r--r--")
                    .doesNotContain("SECRET");

            save(store, "alice", alice());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
    }

    // --- bad files are reported, and never overwritten ---

    @Test
    void invalidJsonIsReportedByPositionAndNeverOverwritten() throws IOException {
        Path file = dir.resolve("tokens.json");
        // Gson's own message here would quote the path $.accounts.alice.ya29.SECRET-access
        byte[] garbage = ("{\"version\": 1,\n \"accounts\": {\"alice\": {\n  \"" + AT + "\": oops " + RT + "}}}")
                .getBytes(StandardCharsets.UTF_8);
        OwnerOnly.write(file, garbage);
        FileTokenStore store = new FileTokenStore(file);

        assertThatThrownBy(store::readAll).isInstanceOf(IOException.class)
                .hasMessage(file + " is not a mail-oauth2 token store (invalid JSON at line 3, column "
                        + (AT.length() + 7) + "); move it away and authorize again");
        assertRefusesToWriteAndKeeps(store, file, garbage);
    }

    @Test
    void plainGarbageIsReportedAndNeverOverwritten() throws IOException {
        Path file = dir.resolve("tokens.json");
        byte[] garbage = ("not json at all " + RT + "\n").getBytes(StandardCharsets.UTF_8);
        OwnerOnly.write(file, garbage);
        FileTokenStore store = new FileTokenStore(file);

        assertThatThrownBy(() -> store.read("alice")).isInstanceOf(IOException.class)
                .hasMessageStartingWith(file + " is not a mail-oauth2 token store (invalid JSON at line 1, column ")
                .hasMessageEndingWith("move it away and authorize again")
                .message().doesNotContain("SECRET", "rt-");
        assertRefusesToWriteAndKeeps(store, file, garbage);
    }

    @Test
    void wrongStructuresAreReportedWithoutTheirValues() throws IOException {
        Path file = dir.resolve("tokens.json");
        FileTokenStore store = new FileTokenStore(file);
        Map<String, String> cases = Map.of(
                "[\"" + RT + "\"]", "not a JSON object",
                "{\"accounts\": {}}", "no \"version\" number",
                "{\"version\": 0, \"accounts\": {}}", "unknown format version",
                "{\"version\": 1}", "no \"accounts\" object",
                "{\"version\": 1, \"accounts\": {\"alice\": \"" + RT + "\"}}", "the entry of account \"alice\" is not an object",
                "{\"version\": 1, \"accounts\": {\"alice\": {\"refresh_token\": \"" + RT + "\"}}}",
                "the entry of account \"alice\" has no \"updated_at\"",
                "{\"version\": 1, \"accounts\": {\"alice\": {\"refresh_token\": [\"" + RT + "\"], \"updated_at\": \"2026-01-01T10:00:00Z\"}}}",
                "\"refresh_token\" of account \"alice\" is not a string",
                "{\"version\": 1, \"accounts\": {\"alice\": {\"updated_at\": \"" + RT + "\"}}}",
                "\"updated_at\" of account \"alice\" is not an ISO-8601 instant such as 2026-01-01T10:00:00Z");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            byte[] bytes = c.getKey().getBytes(StandardCharsets.UTF_8);
            OwnerOnly.write(file, bytes);

            assertThatThrownBy(store::readAll).as(c.getKey()).isInstanceOf(IOException.class)
                    .hasMessage(file + " is not a mail-oauth2 token store (" + c.getValue()
                            + "); move it away and authorize again");
            assertRefusesToWriteAndKeeps(store, file, bytes);
        }
    }

    @Test
    void aFileFromANewerReleaseIsLeftForThatRelease() throws IOException {
        Path file = dir.resolve("tokens.json");
        byte[] newer = "{\"version\": 2, \"accounts\": {\"alice\": {\"refresh_token\": \"x\"}}}"
                .getBytes(StandardCharsets.UTF_8);
        OwnerOnly.write(file, newer);
        FileTokenStore store = new FileTokenStore(file);

        assertThatThrownBy(store::readAll).isInstanceOf(IOException.class)
                .hasMessage(file + " was written by a newer mail-oauth2 (token store format version 2; this one reads"
                        + " version 1); use that release, or move the file away and authorize again");
        assertRefusesToWriteAndKeeps(store, file, newer);
    }

    @Test
    void textThatIsNotUtf8IsReportedAndNeverOverwritten() throws IOException {
        Path file = dir.resolve("tokens.json");
        byte[] latin1 = "{\"version\": 1, \"accounts\": {\"jos\u00e9\": {}}}".getBytes(StandardCharsets.ISO_8859_1);
        OwnerOnly.write(file, latin1);
        FileTokenStore store = new FileTokenStore(file);

        assertThatThrownBy(store::readAll).hasMessage(file + " is not a mail-oauth2 token store (not UTF-8 text);"
                + " move it away and authorize again");
        assertRefusesToWriteAndKeeps(store, file, latin1);
    }

    @Test
    void aDirectoryInPlaceOfTheFileIsReportedAndLeftAlone() throws IOException {
        Path file = dir.resolve("tokens.json");
        Files.createDirectory(file);
        FileTokenStore store = new FileTokenStore(file);

        assertThatThrownBy(store::readAll).isInstanceOf(IOException.class)
                .hasMessage(file + " is a directory, not a mail-oauth2 token store; move it away and authorize again");
        assertThatThrownBy(() -> save(store, "alice", alice())).isInstanceOf(IOException.class)
                .hasMessageContaining("is a directory");
        assertThat(file).isEmptyDirectory();
    }

    @Test
    void anUnreadableFileIsReportedAndNeverOverwritten() throws IOException {
        Path file = dir.resolve("tokens.json");
        assumeTrue(posix(dir), "not a POSIX file system");
        byte[] saved = "{\"version\": 1, \"accounts\": {}}".getBytes(StandardCharsets.UTF_8);
        OwnerOnly.write(file, saved);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        try {
            assumeFalse(Files.isReadable(file), "running as root: permissions do not stop reading");
            FileTokenStore store = new FileTokenStore(file);

            assertThatThrownBy(store::readAll).isInstanceOf(IOException.class)
                    .hasMessageContaining("cannot read the token store " + file + ": permission denied")
                    .hasMessageContaining("chmod 600");
            assertThatThrownBy(() -> save(store, "alice", alice())).isInstanceOf(IOException.class);
        } finally {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        assertThat(file).hasBinaryContent(saved);
    }

    @Test
    void saveRefusesWhenTheFileWasSpoiledDuringTheTransaction() throws IOException {
        Path file = dir.resolve("tokens.json");
        FileTokenStore store = new FileTokenStore(file);
        save(store, "alice", alice());
        byte[] garbage = "}{".getBytes(StandardCharsets.UTF_8);

        // a process that ignores the lock (an editor, say) spoils the file between current() and save()
        assertThatThrownBy(() -> store.locked("alice", tx -> {
            Optional<StoredAccount> current = tx.current();
            OwnerOnly.write(file, garbage);
            tx.save(current.orElseThrow().withAccessToken("ya29.new", null, T0));
            return null;
        })).isInstanceOf(IOException.class).hasMessageContaining("is not a mail-oauth2 token store");
        assertThat(file).hasBinaryContent(garbage);

        // current() cannot throw IOException; locked() unwraps it
        assertThatThrownBy(() -> store.locked("alice", tx -> tx.current())).isInstanceOf(IOException.class)
                .hasMessageContaining("is not a mail-oauth2 token store");
    }

    private static void assertRefusesToWriteAndKeeps(FileTokenStore store, Path file, byte[] bytes) throws IOException {
        assertThatThrownBy(() -> save(store, "alice", alice())).isInstanceOf(IOException.class)
                .message().contains(file.toString()).doesNotContain("SECRET", "rt-");
        assertThatThrownBy(() -> store.remove("alice")).isInstanceOf(IOException.class);
        assertThat(file).hasBinaryContent(bytes);
        try (var siblings = Files.list(file.getParent())) {
            assertThat(siblings.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("tokens.json", "tokens.json.lock");
        }
    }

    // --- temporary files ---

    @Test
    void leftoverTemporaryFilesConfuseNoReaderAndStaleOnesAreCleanedUp() throws IOException {
        Path file = dir.resolve("tokens.json");
        FileTokenStore store = new FileTokenStore(file);
        save(store, "alice", alice());
        Path stale = dir.resolve(".tokens.json.8231.tmp");
        Path fresh = dir.resolve(".tokens.json.8232.tmp");
        Files.writeString(stale, "{\"version\": 1, \"accou");
        Files.writeString(fresh, "{\"version\": 1, \"accou");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));

        assertThat(store.readAll()).containsOnlyKeys("alice");
        save(store, "bob", alice());

        // the fresh one might belong to a writer that ignores our lock; only the stale one is removed
        assertThat(stale).doesNotExist();
        assertThat(fresh).exists();
        assertThat(store.readAll()).containsOnlyKeys("alice", "bob");
    }

    // --- locking within one JVM ---

    @Test
    void eightThreadsTimesFiftyLockedIncrementsLoseNoUpdate() throws Exception {
        Path file = dir.resolve("tokens.json");
        // half the threads reach the file through a symbolic link: the in-JVM lock is per real path
        Path alias = file;
        try {
            alias = Files.createSymbolicLink(dir.resolve("alias"), dir).resolve("tokens.json");
        } catch (UnsupportedOperationException | IOException e) {
            // no symbolic links here; every thread uses the same path
        }
        int threads = 8;
        int increments = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                FileTokenStore store = new FileTokenStore(t % 2 == 0 ? file : alias);
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < increments; i++) {
                        Increment.once(store, "counter");
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(Increment.value(new FileTokenStore(file), "counter")).isEqualTo(threads * increments);
    }

    @Test
    void aLockHeldByAnotherThreadTimesOutWithAMessageNamingTheLockFile() throws Exception {
        Path file = dir.resolve("tokens.json");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            try {
                new FileTokenStore(file).locked("alice", tx -> {
                    held.countDown();
                    try {
                        return release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new InterruptedIOException();
                    }
                });
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        holder.start();
        try {
            assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
            FileTokenStore impatient = new FileTokenStore(file, Duration.ofMillis(200));

            assertThatThrownBy(() -> save(impatient, "bob", alice())).isInstanceOf(IOException.class)
                    .hasMessage("timed out after 200 ms waiting for the lock on " + dir.toRealPath().resolve("tokens.json.lock") + ", held by"
                            + " another thread of this JVM whose locked() action has not returned; make that action"
                            + " return sooner, or give the store a longer lock timeout");
        } finally {
            release.countDown();
            holder.join();
        }
        save(new FileTokenStore(file, Duration.ofMillis(200)), "bob", alice());
    }

    @Test
    void lockedIsNotReentrantAndATransactionEndsWithItsAction() throws IOException {
        FileTokenStore store = new FileTokenStore(dir.resolve("tokens.json"));

        assertThatThrownBy(() -> store.locked("alice", tx -> store.locked("bob", inner -> null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("outside a locked() action");
        assertThatThrownBy(() -> store.locked("alice", tx -> {
            store.remove("bob");
            return null;
        })).isInstanceOf(IllegalStateException.class);

        TokenStore.Transaction escaped = store.locked("alice", tx -> tx);
        assertThatThrownBy(escaped::current).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("only inside the locked() action");
        assertThatThrownBy(() -> escaped.save(alice())).isInstanceOf(IllegalStateException.class);
        // the lock was released each time
        save(store, "alice", alice());
    }

    @Test
    void blankAccountNamesAreRefused() {
        FileTokenStore store = new FileTokenStore(dir.resolve("tokens.json"));

        assertThatThrownBy(() -> store.read(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.locked("", tx -> null)).isInstanceOf(IllegalArgumentException.class);
    }

    // --- default location ---

    @Test
    void defaultPathFollowsEachPlatformsConvention() {
        assertThat(StorePaths.defaultPath("Linux", Map.of("XDG_CONFIG_HOME", "/xdg"), "/home/a"))
                .isEqualTo(Path.of("/xdg/mail-oauth2/tokens.json"));
        assertThat(StorePaths.defaultPath("Linux", Map.of(), "/home/a"))
                .isEqualTo(Path.of("/home/a/.config/mail-oauth2/tokens.json"));
        assertThat(StorePaths.defaultPath("FreeBSD", Map.of("XDG_CONFIG_HOME", "relative/ignored"), "/home/a"))
                .isEqualTo(Path.of("/home/a/.config/mail-oauth2/tokens.json"));
        assertThat(StorePaths.defaultPath("Mac OS X", Map.of("XDG_CONFIG_HOME", "/xdg"), "/Users/a"))
                .isEqualTo(Path.of("/Users/a/Library/Application Support/mail-oauth2/tokens.json"));
        assertThat(StorePaths.defaultPath("Windows 11", Map.of("APPDATA", "C:\\Users\\a\\AppData\\Roaming"), "C:\\Users\\a"))
                .isEqualTo(Path.of("C:\\Users\\a\\AppData\\Roaming", "mail-oauth2", "tokens.json"));
        assertThat(StorePaths.defaultPath(System.getProperty("os.name"), System.getenv(), System.getProperty("user.home")))
                .isEqualTo(StorePaths.defaultPath());
    }
}
