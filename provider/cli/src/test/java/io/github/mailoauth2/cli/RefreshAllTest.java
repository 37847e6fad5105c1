package io.github.mailoauth2.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailoauth2.internal.store.FileTokenStore;
import io.github.mailoauth2.store.StoredAccount;
import io.github.mailoauth2.testing.FakeTokenEndpoint;
import io.github.mailoauth2.testing.FakeTokenEndpoint.Answer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code refresh --all}: every stored account, one line each, no token shown, a failure does not stop the rest. */
class RefreshAllTest {
    @TempDir
    Path dir;
    private FakeTokenEndpoint server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyStoredAccountIsRefreshedAndAFailureIsNamed() throws Exception {
        server = new FakeTokenEndpoint((n, body) -> body.contains("refresh_token=rt-revoked")
                ? Answer.json(400, "{\"error\":\"invalid_grant\"}") : Answer.token("at-fresh", 3600));
        String url = server.url();
        Path file = dir.resolve("tokens.json");
        FileTokenStore store = new FileTokenStore(file);
        Instant then = Instant.now().minusSeconds(86_400 * 30);
        store.compareAndSet("alice@example.test", null, new StoredAccount("rt-alice", null, null, null, url, "app", then));
        store.compareAndSet("bob@example.test", null, new StoredAccount("rt-revoked", null, null, null, url, "app", then));
        StringWriter out = new StringWriter();

        int status = Main.execute(new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true), "refresh", "--all", "--store", file.toString());

        assertThat(status).isEqualTo(1);
        String[] lines = out.toString().split("\\R");
        assertThat(lines[0]).startsWith("alice@example.test: refreshed, access token valid until ");
        assertThat(lines[1]).startsWith("bob@example.test: FAILED ").contains("invalid_grant");
        assertThat(out.toString()).doesNotContain("at-fresh", "rt-alice", "rt-revoked");
        assertThat(store.read("alice@example.test").orElseThrow().accessToken()).isEqualTo("at-fresh");
    }
}
