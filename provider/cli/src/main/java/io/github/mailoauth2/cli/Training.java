package io.github.mailoauth2.cli;

import io.github.mailoauth2.internal.store.FileTokenStore;
import io.github.mailoauth2.store.StoredAccount;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The run the launcher ({@code bin/mail-oauth2}) records once per Java and jar to make its
 * class-data archive (or Java 25's AOT cache): the paths mail programs take, {@code token} on a
 * throwaway store whose token is still good, {@code string} and oauth2.py's
 * {@code --generate_oauth2_string}. It prints nothing and uses no network.
 */
final class Training {
    private Training() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("mail-oauth2-training-");
        try {
            String user = "training@example.invalid";
            Path store = dir.resolve("tokens.json");
            Instant now = Instant.now();
            new FileTokenStore(store).locked(user, tx -> {
                tx.save(new StoredAccount("refresh", "access", now.plusSeconds(3600), "mail", "http://127.0.0.1:9/token",
                        "training", now));
                return null;
            });
            PrintWriter sink = new PrintWriter(Writer.nullWriter());
            Main.execute(sink, sink, "token", "--user", user, "--store", store.toString());
            Main.execute(sink, sink, "string", "--user", user, "--access-token", "access", "--quiet");
            Main.execute(sink, sink, "--generate_oauth2_string", "--user=" + user, "--access_token=access", "--quiet");
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
