package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mailoauth2.internal.sources.TokenSourceRegistry;
import io.github.mailoauth2.internal.store.TokenStores;
import io.github.mailoauth2.store.StoredAccount;
import io.github.mailoauth2.store.TokenStore;
import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.TokenRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 20's database-store faults, reproduced against the lab's PostgreSQL and fake servers: a password in the
 * store URL, a database that accepts and never answers, a writer of the table without the store key who points a
 * row at another token endpoint or plants tokens in the clear, a row under another key, a user without grants.
 * Each test runs in a schema of its own ({@code currentSchema}), dropped after.
 */
class StoreTrustIT {
    private static final byte[] KEY_BYTES = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final String KEY = Base64.getEncoder().encodeToString(KEY_BYTES);
    private static final String OTHER_KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String CLIENT_SECRET = "client-secret-" + UUID.randomUUID();

    private String schema;
    private TokenEndpointStub real;
    private TokenEndpointStub elsewhere;

    @BeforeEach
    void schemaAndEndpoints() throws Exception {
        schema = "trust_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = Postgres.connect(); Statement statement = c.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        real = new TokenEndpointStub(Duration.ZERO, Duration.ofHours(1));
        elsewhere = new TokenEndpointStub(Duration.ZERO, Duration.ofHours(1));
    }

    @AfterEach
    void dropSchema() throws Exception {
        real.close();
        elsewhere.close();
        try (Connection c = Postgres.connect(); Statement statement = c.createStatement()) {
            statement.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    // ---- 1. the database password is never shown ----

    @Test
    void driverMessagesNeverShowTheDatabasePassword() throws Exception {
        String secret = "pw-" + UUID.randomUUID();
        String badPort = "jdbc:postgresql://127.0.0.1:99999/mailoauth2?user=app&password=" + secret;
        assertThatThrownBy(() -> open(Map.of("mail.oauth2.store", badPort)).read("a@example.test"))
                .hasMessageContaining("jdbc:postgresql://127.0.0.1:99999/mailoauth2")
                .hasMessageNotContaining(secret);
        String oracle = "jdbc:oracle:thin:app/" + secret + "@//127.0.0.1:1521/mail";
        assertThatThrownBy(() -> open(Map.of("mail.oauth2.store", oracle)).read("a@example.test"))
                .hasMessageContaining("jdbc:oracle:thin:@//127.0.0.1:1521/mail")
                .hasMessageNotContaining(secret);

        // the command line without the driver on its class path, as a user who forgot it runs it
        String url = Postgres.URL + "?user=" + Postgres.USER + "&password=" + Postgres.PASSWORD;
        for (String[] args : List.of(new String[] {"accounts", "--store", url},
                new String[] {"doctor", "--user", "a@example.test", "--store", url},
                new String[] {"refresh", "--all", "--store", url})) {
            Cli run = cli(Map.of(), false, args);
            assertThat(run.exitCode()).as(run.toString()).isNotZero();
            assertThat(run.out()).as(args[0]).contains("jdbc:postgresql://127.0.0.1:15432/mailoauth2")
                    .doesNotContain(Postgres.PASSWORD);
        }
    }

    // ---- 2. a database that accepts and never answers ----

    @Test
    void aDatabaseThatNeverAnswersFailsEachConnectWithinTheTimeout() throws Exception {
        try (SilentServer silent = new SilentServer(); TokenSourceRegistry registry = new TokenSourceRegistry()) {
            Map<String, String> props = new HashMap<>(Map.of("mail.oauth2.store", "jdbc:postgresql://127.0.0.1:" + silent.port()
                    + "/mailoauth2", "mail.oauth2.store-user", Postgres.USER, "mail.oauth2.store-password", Postgres.PASSWORD,
                    "mail.oauth2.token-url", real.url(), "mail.oauth2.client-id", "app", "mail.oauth2.timeout", "2"));
            var source = registry.forConnection("imap", props);
            ExecutorService connects = Executors.newFixedThreadPool(6);
            try {
                long start = System.nanoTime();
                List<Future<?>> accounts = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    String user = "silent-" + i + "@example.test";
                    accounts.add(connects.submit(() -> source.token(new TokenRequest(user, "imap", "localhost", 993), null)));
                }
                long deadline = start + TimeUnit.SECONDS.toNanos(60); // generous: without the bound, the driver reads forever
                for (Future<?> account : accounts) {
                    assertThatThrownBy(() -> account.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS))
                            .isInstanceOf(ExecutionException.class)
                            .cause().hasMessageContaining("jdbc:postgresql://127.0.0.1:" + silent.port() + "/mailoauth2")
                            .hasMessageNotContaining(Postgres.PASSWORD);
                }
                System.out.printf("6 connects against a silent database with timeout=2: all failed after %d ms%n",
                        Duration.ofNanos(System.nanoTime() - start).toMillis());
                assertThat(silent.accepted()).as("connections the store opened").isPositive();
            } finally {
                connects.shutdownNow();
            }
        }
    }

    // ---- 5. what is stored is trusted no further than the store key ----

    @Test
    void aRowPointedAtAnotherEndpointSendsNothingThere() throws Exception {
        String alice = Lab.newUser();
        keyed().compareAndSet(alice, null, account("rt-alice", real.url()));
        sql("UPDATE mail_oauth2_tokens SET token_url = ? WHERE account = ?", elsewhere.url(), alice);

        for (String[] args : List.of(new String[] {"refresh", "--user", alice}, new String[] {"refresh", "--all"},
                new String[] {"token", "--user", alice})) {
            Cli run = cliWithKey(KEY, args);
            assertThat(run.exitCode()).as(run.toString()).isNotZero();
            assertThat(run.out()).as(run.toString()).contains(alice, "changed in the table").doesNotContain("rt-alice", CLIENT_SECRET);
        }
        assertThatThrownBy(() -> libraryToken(alice)).hasMessageContaining("changed in the table");
        assertThat(elsewhere.grants()).as("requests with a refresh token at the other endpoint").isEmpty();
        assertThat(real.grants()).isEmpty();
    }

    /** Rows sealed before endpoints were bound stay readable, but their endpoint must be configured to be used. */
    @Test
    void anOlderRowsEndpointIsUsedOnlyWhenConfiguredThenBound() throws Exception {
        String bob = Lab.newUser();
        keyed().read("nobody"); // creates the table
        insertFirstFormat(bob, "rt-bob", elsewhere.url());

        Cli alone = cliWithKey(KEY, "refresh", "--user", bob);
        assertThat(alone.out()).as(alone.toString()).contains(bob, "not authenticated by the store key", elsewhere.url());
        Cli other = cliWithKey(KEY, "refresh", "--user", bob, "--token-url", real.url());
        assertThat(other.out()).as(other.toString()).contains("stored for the token endpoint " + elsewhere.url(),
                "the configured one is " + real.url());
        assertThat(elsewhere.grants()).isEmpty();
        assertThat(real.grants()).isEmpty();

        sql("UPDATE mail_oauth2_tokens SET token_url = ? WHERE account = ?", real.url(), bob); // as it was stored
        Cli confirmed = cliWithKey(KEY, "refresh", "--user", bob, "--token-url", real.url());
        assertThat(confirmed.exitCode()).as(confirmed.toString()).isZero();
        assertThat(raw(bob, "refresh_token")).startsWith("aes-gcm2:");
        Cli bound = cliWithKey(KEY, "refresh", "--user", bob);
        assertThat(bound.exitCode()).as(bound.toString()).isZero();
        assertThat(real.grants()).extracting(TokenEndpointStub.Grant::refreshTokenIn).containsExactly("rt-bob", "refresh-1");
    }

    @Test
    void tokensPlantedInTheClearUnderAKeyAreRefusedAndSealOnlyOnRequest() throws Exception {
        String carol = Lab.newUser();
        String dave = Lab.newUser();
        TokenStore store = keyed();
        store.read("nobody");
        sql("INSERT INTO mail_oauth2_tokens (account, refresh_token, token_url, client_id, updated_at) VALUES (?, ?, ?, ?, now())",
                carol, "planted", real.url(), "app");
        insertFirstFormat(dave, "rt-dave", real.url());

        assertThatThrownBy(() -> store.read(carol)).hasMessageContaining("is not encrypted although a store key is set");
        assertThatThrownBy(() -> libraryToken(carol)).hasMessageContaining("is not encrypted");
        assertThat(real.grants()).as("the planted token was never sent").isEmpty();

        Cli seal = cliWithKey(KEY, "accounts", "--seal");
        assertThat(seal.exitCode()).as(seal.toString()).isZero();
        assertThat(seal.out()).contains("Sealed 2 accounts", carol + ": token endpoint " + real.url(), dave);
        assertThat(raw(carol, "refresh_token")).startsWith("aes-gcm2:");
        assertThat(raw(dave, "refresh_token")).startsWith("aes-gcm2:");
        assertThat(keyed().read(carol).map(StoredAccount::refreshToken)).contains("planted");
        assertThat(keyed().read(dave).map(StoredAccount::refreshToken)).as("never lost").contains("rt-dave");
    }

    // ---- 6. one unreadable row hides nothing else ----

    @Test
    void aRowUnderAnotherKeyIsNamedAndTheOthersAreListedRefreshedAndKeptAlive() throws Exception {
        String alice = Lab.newUser();
        String bob = Lab.newUser();
        Instant old = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MILLIS);
        keyed().compareAndSet(alice, null, new StoredAccount("rt-alice", null, null, "mail", real.url(), "app", old, old, old, null));
        open(storeProps(OTHER_KEY)).compareAndSet(bob, null, account("rt-bob", real.url()));

        Cli accounts = cliWithKey(KEY, "accounts");
        assertThat(accounts.exitCode()).as(accounts.toString()).isEqualTo(1);
        assertThat(accounts.out()).contains("1 account in", "and 1 that cannot be read", alice, bob + "\n  status:        UNREADABLE:",
                "does not decrypt");

        // keep-alive refreshes the readable account although another cannot be read
        Map<String, String> props = sourceProps();
        props.put("mail.oauth2.keep-alive", "10s");
        try (TokenSourceRegistry registry = new TokenSourceRegistry()) {
            registry.forConnection("imap", props);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (real.grants().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }
        assertThat(real.grants()).extracting(TokenEndpointStub.Grant::refreshTokenIn).containsExactly("rt-alice");

        Cli all = cliWithKey(KEY, "refresh", "--all");
        assertThat(all.exitCode()).as(all.toString()).isEqualTo(1);
        assertThat(all.out()).contains(alice + ": refreshed", bob + ": FAILED");
        assertThat(real.grants()).extracting(TokenEndpointStub.Grant::refreshTokenIn).containsExactly("rt-alice", "refresh-1");
    }

    // ---- smaller: the missing grant is named ----

    @Test
    void aUserWithoutGrantsIsToldWhichGrantIsMissing() throws Exception {
        keyed().read("nobody"); // the table, made by its owner
        sql("REVOKE ALL ON mail_oauth2_tokens FROM " + Postgres.USER);

        assertThatThrownBy(() -> keyed().read("a@example.test"))
                .hasMessageContaining("GRANT SELECT, INSERT, UPDATE, DELETE ON mail_oauth2_tokens TO " + Postgres.USER)
                .hasMessageNotContaining("creating the table");
    }

    // ---- fixtures ----

    private static TokenStore open(Map<String, String> props) throws IOException {
        return TokenStores.open(OAuth2Config.of("imap", props));
    }

    private TokenStore keyed() throws IOException {
        return open(storeProps(KEY));
    }

    private Map<String, String> storeProps(String key) {
        Map<String, String> props = Postgres.store();
        props.put("mail.oauth2.store", Postgres.URL + "?currentSchema=" + schema);
        props.put("mail.oauth2.store-key", key);
        return props;
    }

    /** The library's refresh-token source on the store with the key, at the real endpoint. */
    private Map<String, String> sourceProps() {
        Map<String, String> props = storeProps(KEY);
        props.put("mail.oauth2.token-url", real.url());
        props.put("mail.oauth2.client-id", "app");
        return props;
    }

    private void libraryToken(String account) throws IOException {
        try (TokenSourceRegistry registry = new TokenSourceRegistry()) {
            registry.forConnection("imap", sourceProps()).token(new TokenRequest(account, "imap", "localhost", 993), null);
        }
    }

    private static StoredAccount account(String refreshToken, String tokenUrl) {
        return new StoredAccount(refreshToken, null, null, "mail", tokenUrl, "app", Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    private void sql(String statement, String... values) throws Exception {
        try (Connection c = Postgres.connect(); PreparedStatement update = c.prepareStatement(
                statement.replace("mail_oauth2_tokens", schema + ".mail_oauth2_tokens"))) {
            for (int i = 0; i < values.length; i++) {
                update.setString(i + 1, values[i]);
            }
            update.execute();
        }
    }

    private String raw(String account, String column) throws Exception {
        try (Connection c = Postgres.connect(); PreparedStatement select = c.prepareStatement(
                "SELECT " + column + " FROM " + schema + ".mail_oauth2_tokens WHERE account = ?")) {
            select.setString(1, account);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getString(1);
            }
        }
    }

    /** A row as the release before the endpoint binding wrote it: the account and column as associated data. */
    private void insertFirstFormat(String account, String refreshToken, String tokenUrl) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        byte[] iv = new byte[12];
        new java.security.SecureRandom().nextBytes(iv);
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY_BYTES, "AES"), new GCMParameterSpec(128, iv));
        cipher.updateAAD((account + "\0refresh_token").getBytes(StandardCharsets.UTF_8));
        byte[] sealed = cipher.doFinal(refreshToken.getBytes(StandardCharsets.UTF_8));
        byte[] out = new byte[12 + sealed.length];
        System.arraycopy(iv, 0, out, 0, 12);
        System.arraycopy(sealed, 0, out, 12, sealed.length);
        sql("INSERT INTO mail_oauth2_tokens (account, refresh_token, scope, token_url, client_id, updated_at)"
                + " VALUES (?, ?, 'mail', ?, 'app', now())", account, "aes-gcm:" + Base64.getEncoder().encodeToString(out), tokenUrl);
    }

    private Cli cliWithKey(String key, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--store", Postgres.URL + "?currentSchema=" + schema));
        if (!args[0].equals("accounts")) {
            all.addAll(List.of("--client-secret", CLIENT_SECRET));
        }
        return cli(Map.of("MAIL_OAUTH2_STORE_KEY", key, "MAIL_OAUTH2_STORE_USER", Postgres.USER,
                "MAIL_OAUTH2_STORE_PASSWORD", Postgres.PASSWORD), true, all.toArray(String[]::new));
    }

    record Cli(int exitCode, String out) {
    }

    /** The command line in its own JVM, with the PostgreSQL driver next to it or without. */
    static Cli cli(Map<String, String> env, boolean withDriver, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("jar.cli") + (withDriver ? java.io.File.pathSeparator + System.getProperty("jar.postgresql") : ""),
                "io.github.mailoauth2.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Cli(process.exitValue(), out);
    }

    /** Accepts TCP connections on 127.0.0.1 and never sends a byte: a database that hangs. */
    private static final class SilentServer implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> held = new CopyOnWriteArrayList<>();
        private final Thread acceptor = new Thread(this::accept, "silent-database");

        SilentServer() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void accept() {
            try {
                while (true) {
                    held.add(server.accept());
                }
            } catch (IOException closed) {
                // the test is over
            }
        }

        int port() {
            return server.getLocalPort();
        }

        int accepted() {
            return held.size();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : held) {
                socket.close();
            }
        }
    }
}
