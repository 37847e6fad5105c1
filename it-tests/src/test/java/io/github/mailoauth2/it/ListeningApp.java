package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailoauth2.internal.store.FileTokenStore;
import io.github.mailoauth2.store.StoredAccount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * The unmodified mail application (IMAP and SMTP on the Keycloak-checked Dovecot, a file token store) with a token
 * event listener registered the {@code ServiceLoader} way: a {@code META-INF/services} file in a directory next to
 * its jars, nothing in its code. The listener ({@code example.events.PrintingTokenEventListener}) prints one
 * {@code EVENT} line per event; a test reads them while the application runs.
 */
final class ListeningApp {
    /** One line of the listener: {@code EVENT <type> <account> source=… expiresAt=… detail=…}. */
    record Event(String type, String account, String line) {
        Instant expiresAt() {
            String value = line.replaceFirst(".* expiresAt=(\\S+) .*", "$1");
            return value.equals("null") ? null : Instant.parse(value);
        }
    }

    private ListeningApp() {
    }

    /**
     * A real login of {@code user} at Keycloak, its refresh token saved in {@code store} with the token endpoint and
     * client it belongs to, as the command line's {@code authorize} saves it.
     *
     * @param updatedAt the entry's date: in the past for an account authorized long ago
     * @return the refresh token
     */
    static String authorize(Path store, String user, String client, String secret, String tokenUrl, Instant updatedAt)
            throws Exception {
        String refreshToken = Lab.keycloakLogin(user, client, secret).get("refresh_token").getAsString();
        new FileTokenStore(store).locked(user, tx -> {
            tx.save(new StoredAccount(refreshToken, null, null, null, tokenUrl, client, updatedAt));
            return null;
        });
        return refreshToken;
    }

    static StoredAccount stored(Path store, String user) throws IOException {
        StoredAccount account = new FileTokenStore(store).read(user).orElseThrow();
        Secrets.remember(account.refreshToken());
        if (account.accessToken() != null) {
            Secrets.remember(account.accessToken());
        }
        return account;
    }

    /** The application as {@code user}, its listener registered through {@code dir}. */
    static AppRun app(Path dir, Path store, String user, String client, String secret, String tokenUrl) throws IOException {
        Path services = dir.resolve("listener/META-INF/services/io.github.mailoauth2.token.TokenEventListener");
        Files.createDirectories(services.getParent());
        Files.writeString(services, "example.events.PrintingTokenEventListener\n");
        return new AppRun(MailApi.JAKARTA).imap("imap", Lab.KC_IMAP, "XOAUTH2").smtp("smtp", Lab.KC_SUBMISSION, "XOAUTH2")
                .user(user, "dummy")
                .set("mail.oauth2.token-url", tokenUrl)
                .set("mail.oauth2.client-id", client)
                .set("mail.oauth2.client-secret", secret)
                .set("mail.oauth2.store", store.toString())
                .extraJar(dir.resolve("listener"));
    }

    /** What the running application has printed so far. */
    static String out(AppRun.Started app) throws IOException {
        return Files.readString(Path.of(app.output() + ".out"), StandardCharsets.UTF_8);
    }

    static List<Event> events(AppRun.Started app) throws IOException {
        return out(app).lines().filter(line -> line.startsWith("EVENT ")).map(line -> {
            String[] words = line.split(" ", 4);
            return new Event(words[1], words[2], line);
        }).toList();
    }

    /** Waits until the running application's output satisfies {@code done}; fails if it ends or {@code timeout} passes first. */
    static void await(AppRun.Started app, String what, Predicate<String> done, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (!done.test(out(app))) {
            if (!app.process().isAlive() && !done.test(out(app))) {
                throw new AssertionError("the application ended before " + what + ":\n" + out(app));
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("no " + what + " after " + timeout.toSeconds() + " s:\n" + out(app));
            }
            Thread.sleep(100);
        }
    }

    /** Lets the application past its {@code pause:<file>} step. */
    static void release(Path file) throws IOException {
        Files.writeString(file, "go");
    }

    /** No event carries a token: boolean checks, so that a failure never prints one. */
    static void assertNoTokenIn(List<Event> events, Collection<String> tokens) {
        for (Event event : events) {
            boolean leaks = tokens.stream().anyMatch(token -> token != null && event.line().contains(token));
            assertThat(leaks).as("an event of type %s carries a token", event.type()).isFalse();
        }
    }
}
