package io.github.mailoauth2.it;

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

    static Set<String> all() {
        return Set.copyOf(TOKENS);
    }
}
