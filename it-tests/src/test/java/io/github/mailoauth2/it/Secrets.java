package io.github.mailoauth2.it;

import io.github.mailoauth2.store.TokenStore;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Every token the suite used, kept in memory only, for {@link LeakScanIT}. */
final class Secrets {
    private static final Set<String> TOKENS = ConcurrentHashMap.newKeySet();

    private Secrets() {
    }

    static String remember(String token) {
        TOKENS.add(token);
        return token;
    }

    /** Removes {@code account}'s entry from {@code store}, remembering the tokens it held for the leak scan. */
    static void removeAccount(TokenStore store, String account) throws IOException {
        store.read(account).ifPresent(e -> {
            if (e.accessToken() != null) {
                remember(e.accessToken());
            }
            remember(e.refreshToken());
        });
        store.remove(account);
    }

    static Set<String> all() {
        return Set.copyOf(TOKENS);
    }
}
