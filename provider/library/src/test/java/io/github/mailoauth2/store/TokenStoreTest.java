package io.github.mailoauth2.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The default {@link TokenStore#locked}: no lock, a save is a compare-and-set against what was read. */
class TokenStoreTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final StoredAccount FIRST = account("1//rt-SECRET-first");

    private final TokenStore store = new MemoryTokenStore("memory:test");

    private static StoredAccount account(String refreshToken) {
        return new StoredAccount(refreshToken, null, null, "https://mail.google.com/", null, "client-1", T0);
    }

    @Test
    void saveCreatesAnEntryAfterCurrentFoundNone() throws IOException {
        String result = store.locked("alice", tx -> {
            assertThat(tx.current()).isEmpty();
            tx.save(FIRST);
            return "saved";
        });

        assertThat(result).isEqualTo("saved");
        assertThat(store.read("alice")).contains(FIRST);
    }

    @Test
    void saveReplacesTheEntryCurrentReturnedAndASecondSaveBuildsOnTheFirst() throws IOException {
        store.compareAndSet("alice", null, FIRST);
        StoredAccount rotated = FIRST.withRefreshToken("1//rt-SECRET-rotated", T0.plusSeconds(60));
        StoredAccount refreshed = rotated.withAccessToken("ya29.SECRET-access", T0.plusSeconds(3660), T0.plusSeconds(60));

        store.locked("alice", tx -> {
            assertThat(tx.current()).contains(FIRST);
            tx.save(rotated);
            tx.save(refreshed);
            return null;
        });

        assertThat(store.read("alice")).contains(refreshed);
    }

    @Test
    void saveFailsNamingTheAccountWhenAnotherWriterChangedTheRefreshTokenSinceCurrent() throws IOException {
        store.compareAndSet("alice", null, FIRST);
        StoredAccount theirs = account("1//rt-SECRET-theirs");

        assertThatThrownBy(() -> store.locked("alice", tx -> {
            StoredAccount read = tx.current().orElseThrow();
            assertThat(store.compareAndSet("alice", FIRST.refreshToken(), theirs)).isTrue(); // the other writer
            tx.save(read.withRefreshToken("1//rt-SECRET-mine", T0.plusSeconds(60)));
            return null;
        })).isInstanceOf(IOException.class)
                .hasMessageContaining("alice")
                .hasMessageContaining("memory:test")
                .hasMessageNotContaining("SECRET");

        assertThat(store.read("alice")).contains(theirs);
    }
}
