package io.github.mailoauth2.internal.store;

import io.github.mailoauth2.store.StoredAccount;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The other process of {@link FileTokenStoreProcessTest}. Talks over stdin and stdout, one line at a time.
 *
 * <ul>
 *   <li>{@code increment <file> <account> <n>}: prints {@code ready}, waits for a line, makes {@code n}
 *       locked increments, prints {@code done}.</li>
 *   <li>{@code rewrite <file> <account> <first>}: saves refresh tokens {@code rt-<first>}, {@code rt-<first+1>}, …
 *       forever, printing {@code saved <n>} after each save has returned.</li>
 *   <li>{@code hold <file> <account>}: takes the lock, prints {@code locked}, keeps it until stdin closes.</li>
 * </ul>
 */
public final class StoreChild {
    private StoreChild() {
    }

    public static void main(String[] args) throws IOException {
        FileTokenStore store = new FileTokenStore(Path.of(args[1]));
        String account = args[2];
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        switch (args[0]) {
            case "increment" -> {
                int n = Integer.parseInt(args[3]);
                say("ready");
                stdin.readLine();
                for (int i = 0; i < n; i++) {
                    Increment.once(store, account);
                }
                say("done");
            }
            case "rewrite" -> {
                for (long n = Long.parseLong(args[3]); ; n++) {
                    long rt = n;
                    store.locked(account, tx -> {
                        StoredAccount current = tx.current().orElseThrow();
                        tx.save(current.withRefreshToken("rt-" + rt, Instant.now()));
                        return null;
                    });
                    say("saved " + n);
                }
            }
            case "hold" -> store.locked(account, tx -> {
                say("locked");
                while (stdin.readLine() != null) {
                    // hold until the parent closes stdin
                }
                return null;
            });
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
