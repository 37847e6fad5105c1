package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import io.github.mailoauth2.internal.store.FileTokenStore;
import io.github.mailoauth2.internal.store.TokenStores;
import io.github.mailoauth2.sandbox.SandboxServers;
import io.github.mailoauth2.store.StoredAccount;
import io.github.mailoauth2.store.TokenStore;
import io.github.mailoauth2.token.OAuth2Config;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Shared mailboxes (issue 18): the mailbox is the login (the JavaMail user, the command line's {@code --user}),
 * and the token is the stored one of a delegate with Full Access on it, chosen with {@code account}
 * ({@code --account}). The sandbox's mail servers play Exchange Online: they accept a token for a mailbox when
 * its {@code sub} is the mailbox or a delegate granted Full Access ({@link SandboxServers#grantFullAccess}).
 * The lab's part here is the store: the delegate's row in the lab's PostgreSQL, used as it is
 * ({@link SharedMailboxLabIT} logs in to a shared mailbox on the lab's Dovecot).
 */
class SharedMailboxIT {
    private static final String DELEGATE = SandboxServers.DEMO_USER;
    private static final List<String> EVENTS = new CopyOnWriteArrayList<>();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static SandboxServers servers;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        servers = SandboxServers.start(EVENTS::add);
    }

    @AfterAll
    static void stop() {
        if (servers != null) {
            servers.close();
        }
    }

    /** A store with the delegate's account as {@code authorize} leaves it: a refresh token from a real consent. */
    private TokenStore storeWithDelegate(String kind, String entry) throws Exception {
        TokenStore store = kind.equals("file") ? new FileTokenStore(dir.resolve("tokens.json"))
                : TokenStores.open(OAuth2Config.of("imap", Postgres.store()));
        String refreshToken = Secrets.remember(consent());
        store.locked(entry, tx -> {
            tx.save(new StoredAccount(refreshToken, null, null, SandboxServers.SCOPE, servers.tokenUrl(), SandboxServers.CLIENT_ID,
                    Instant.now()));
            return null;
        });
        return store;
    }

    /** The authorization-code grant the sandbox's consent page answers without a login: its refresh token. */
    private static String consent() throws Exception {
        String redirect = "http://127.0.0.1:9/callback";
        HttpResponse<Void> authorized = HTTP.send(HttpRequest.newBuilder(URI.create(servers.authorizationUrl()
                + "?response_type=code&state=s&client_id=" + SandboxServers.CLIENT_ID + "&redirect_uri=" + encode(redirect)
                + "&scope=" + encode(SandboxServers.SCOPE))).build(), HttpResponse.BodyHandlers.discarding());
        String location = authorized.headers().firstValue("Location").orElseThrow();
        String code = location.replaceAll(".*[?&]code=([^&]+).*", "$1");
        HttpResponse<String> tokens = HTTP.send(HttpRequest.newBuilder(URI.create(servers.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + code + "&redirect_uri="
                        + encode(redirect) + "&client_id=" + SandboxServers.CLIENT_ID + "&client_secret=" + SandboxServers.CLIENT_SECRET))
                .build(), HttpResponse.BodyHandlers.ofString());
        return JsonParser.parseString(tokens.body()).getAsJsonObject().get("refresh_token").getAsString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The store's session properties: the file, or the lab's PostgreSQL. */
    private Map<String, String> storeProperties(String kind) {
        return kind.equals("file") ? Map.of("mail.oauth2.store", dir.resolve("tokens.json").toString()) : Postgres.store();
    }

    /** A unique delegate entry in the shared database table (others' tests use it too); the delegate itself in a file. */
    private static String entry(String kind) {
        return kind.equals("file") ? DELEGATE : "delegate-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    }

    /** A fresh shared mailbox that the delegate has Full Access on, and the store holding the delegate's entry. */
    private record Delegation(String shared, String entry, TokenStore store) {
    }

    private Delegation delegation(String kind) throws Exception {
        String shared = Lab.newUser();
        String entry = entry(kind);
        TokenStore store = storeWithDelegate(kind, entry);
        servers.grantFullAccess(shared, DELEGATE);
        return new Delegation(shared, entry, store);
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "jdbc"})
    void anUnmodifiedApplicationLogsInToTheSharedMailboxWithTheDelegatesStoredToken(String kind) throws Exception {
        Delegation d = delegation(kind);

        String notShared = Lab.newUser();
        AppRun.Result withAccount;
        AppRun.Result withoutAccount;
        AppRun.Result withoutFullAccess;
        StoredAccount delegate;
        try {
            withAccount = app(kind, d.shared()).set("mail.oauth2.account", d.entry()).run("imap");
            delegate = d.store().read(d.entry()).orElseThrow();
            withoutAccount = app(kind, d.shared()).run("imap");
            // (a rejected token is forgotten: the delegate's entry was read before)
            withoutFullAccess = app(kind, notShared).set("mail.oauth2.account", d.entry()).run("imap");
        } finally {
            d.store().remove(d.entry());
        }

        assertThat(withAccount.exitCode()).as(withAccount::toString).isZero();
        assertThat(EVENTS).contains("imap: XOAUTH2 login as " + d.shared() + " accepted: the token is active and its sub " + DELEGATE
                + " has Full Access on " + d.shared());
        // the token was refreshed in the delegate's own row, and no row was made for the mailbox
        assertThat(delegate.accessToken()).isNotNull();
        Secrets.remember(delegate.accessToken());
        Secrets.remember(delegate.refreshToken());
        assertThat(d.store().read(d.shared())).isEmpty();
        // without the key the mailbox's own row is looked for: there is none
        assertThat(withoutAccount.exitCode()).as(withoutAccount::toString).isNotZero();
        assertThat(withoutAccount.toString()).contains("no refresh token for " + d.shared());
        // a mailbox the delegate has no Full Access on refuses its token, and the error says what may be missing
        assertThat(withoutFullAccess.exitCode()).as(withoutFullAccess::toString).isNotZero();
        assertThat(withoutFullAccess.toString()).contains("issued for another user (for a shared mailbox: one without Full Access on it)");
        assertThat(EVENTS).contains("imap: XOAUTH2 login as " + notShared + " rejected: the token's sub is " + DELEGATE + ", not "
                + notShared + " nor a delegate with Full Access on it");
    }

    private AppRun app(String kind, String shared) {
        AppRun app = new AppRun(MailApi.JAKARTA).imap("imap", servers.imapPort(), "XOAUTH2").user(shared, "dummy")
                .set("mail.oauth2.token-url", servers.tokenUrl())
                .set("mail.oauth2.client-id", SandboxServers.CLIENT_ID)
                .set("mail.oauth2.client-secret", SandboxServers.CLIENT_SECRET)
                .extraJar(Path.of(System.getProperty("jar.postgresql")));
        storeProperties(kind).forEach(app::set);
        return app;
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "jdbc"})
    void theCommandLineTestsTokenAndStringLogInAsTheMailboxWithTheAccountsToken(String kind) throws Exception {
        Delegation d = delegation(kind);

        try {
            StoreTrustIT.Cli test = cli(kind, "test", "imap", "--host", "127.0.0.1", "--port", String.valueOf(servers.imapPort()),
                    "--plain", "--user", d.shared(), "--account", d.entry(), "--quiet");
            StoreTrustIT.Cli token = cli(kind, "token", "--user", d.shared(), "--account", d.entry());
            StoreTrustIT.Cli string = cli(kind, "string", "--user", d.shared(), "--account", d.entry(), "--quiet");
            StoreTrustIT.Cli withoutAccount = cli(kind, "token", "--user", d.shared());

            assertThat(test.exitCode()).as(test::toString).isZero();
            assertThat(EVENTS).contains("imap: XOAUTH2 login as " + d.shared() + " accepted: the token is active and its sub "
                    + DELEGATE + " has Full Access on " + d.shared());
            assertThat(token.exitCode()).as(token::toString).isZero();
            String accessToken = Secrets.remember(token.out().strip());
            assertThat(string.exitCode()).as(string::toString).isZero();
            String xoauth2 = new String(Base64.getDecoder().decode(Secrets.remember(string.out().strip())), StandardCharsets.UTF_8);
            assertThat(xoauth2).isEqualTo("user=" + d.shared() + "\u0001auth=Bearer " + accessToken + "\u0001\u0001");
            assertThat(withoutAccount.exitCode()).as(withoutAccount::toString).isEqualTo(1);
            assertThat(withoutAccount.out()).contains("no refresh token for " + d.shared());
        } finally {
            d.store().remove(d.entry());
        }
    }

    /** The command line's jar in its own JVM, with the PostgreSQL driver next to it and the database's credentials in the environment. */
    private StoreTrustIT.Cli cli(String kind, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of("--token-url", servers.tokenUrl(), "--client-id", SandboxServers.CLIENT_ID,
                "--client-secret", SandboxServers.CLIENT_SECRET, "--store", kind.equals("file") ? dir.resolve("tokens.json").toString()
                        : Postgres.URL));
        return StoreTrustIT.cli(Map.of("MAIL_OAUTH2_STORE_USER", Postgres.USER, "MAIL_OAUTH2_STORE_PASSWORD", Postgres.PASSWORD), true,
                args.toArray(String[]::new));
    }
}
