package io.github.mailoauth2.internal.sources;

import io.github.mailoauth2.internal.store.FileTokenStore;
import io.github.mailoauth2.store.StoredAccount;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/** Token store files as the command line's {@code authorize} leaves them, for the token-path tests. */
final class StoreFiles {
    private StoreFiles() {
    }

    /** A store file {@code tokens.json} in {@code dir} holding {@code account}'s refresh token of client {@code app}. */
    static Path withRefreshToken(Path dir, String account, String refreshToken) throws IOException {
        Path file = dir.resolve("tokens.json");
        new FileTokenStore(file).locked(account, tx -> {
            tx.save(new StoredAccount(refreshToken, null, null, null, null, "app", Instant.now()));
            return null;
        });
        return file;
    }
}
