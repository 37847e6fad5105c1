package io.github.mailoauth2.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailoauth2.internal.store.FileTokenStore;
import io.github.mailoauth2.store.StoredAccount;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopyAccountsCommandTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** With the refresh token's history, which a copy carries too. */
    private static StoredAccount entry(String refreshToken) {
        return new StoredAccount(refreshToken, "at-" + refreshToken, NOW.plusSeconds(3600), "mail", "https://idp.example.test/token",
                "app", NOW, NOW.minusSeconds(86_400), NOW.minusSeconds(600), "invalid_grant (Token is not active)");
    }

    private int run(String... args) {
        return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void copiesEveryAccountAndLeavesTheTargetsOwnAsTheyAre() throws IOException {
        FileTokenStore from = new FileTokenStore(dir.resolve("from.json"));
        FileTokenStore to = new FileTokenStore(dir.resolve("to.json"));
        from.compareAndSet("alice@example.test", null, entry("rt-alice"));
        from.compareAndSet("bob@example.test", null, entry("rt-bob"));
        to.compareAndSet("bob@example.test", null, entry("rt-bob-newer"));

        int status = run("copy-accounts", "--from", dir.resolve("from.json").toString(), "--to", dir.resolve("to.json").toString());

        assertThat(status).as(err::toString).isZero();
        assertThat(to.read("alice@example.test")).contains(entry("rt-alice"));
        assertThat(to.read("bob@example.test")).contains(entry("rt-bob-newer"));
        assertThat(out.toString()).contains("Copied 1 account from", ": alice@example.test")
                .contains("Left as they are, the target has a refresh token for them: bob@example.test")
                .doesNotContain("rt-alice", "at-rt-alice");
    }

    @Test
    void copiesOnlyTheUsersNamedAndFailsOnOneItLacks() throws IOException {
        FileTokenStore from = new FileTokenStore(dir.resolve("from.json"));
        from.compareAndSet("alice@example.test", null, entry("rt-alice"));
        from.compareAndSet("bob@example.test", null, entry("rt-bob"));
        Path to = dir.resolve("to.json");

        assertThat(run("copy-accounts", "--from", dir.resolve("from.json").toString(), "--to", to.toString(),
                "--user", "bob@example.test")).isZero();
        assertThat(new FileTokenStore(to).readAll()).containsOnlyKeys("bob@example.test");

        assertThat(run("copy-accounts", "--from", dir.resolve("from.json").toString(), "--to", to.toString(),
                "--user", "carol@example.test")).isEqualTo(Main.AUTH_FAILED);
        assertThat(err.toString()).contains("No account carol@example.test in");
    }
}
