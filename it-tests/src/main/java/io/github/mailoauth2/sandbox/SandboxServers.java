package io.github.mailoauth2.sandbox;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;

/**
 * An OAuth2 server and IMAP, SMTP and POP3 servers that check its tokens, all in this JVM on
 * 127.0.0.1 (free ports unless given): no root, no installed mail server, no account anywhere.
 *
 * <p>The OAuth2 server is mock-oauth2-server, issuer {@code default}, in non-interactive mode: its
 * authorization endpoint redirects straight back with a code, so any HTTP client that follows
 * redirects plays the browser. Authorization-code and refresh grants issue tokens whose {@code sub}
 * is {@link #DEMO_USER}, with refresh tokens; the client-credentials grant issues a token whose
 * {@code sub} is the client id, which is how {@link #accessToken} mints one for any mailbox. The mail
 * servers accept a token when introspection says it is active and its {@code sub} is the login, or a
 * delegate that {@link #grantFullAccess} gave Full Access on that shared mailbox.
 */
public final class SandboxServers implements AutoCloseable {
    public static final String DEMO_USER = "demo@example.test";
    public static final String CLIENT_ID = "demo-client";
    public static final String CLIENT_SECRET = "demo-secret";
    public static final String SCOPE = "openid offline_access";
    /** The scope that asks for a token of over 2 KB, as long as Microsoft's and Keycloak's JWTs. */
    public static final String LONG_TOKEN_SCOPE = "long-token";

    private static final String ISSUER = "default";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final MockOAuth2Server oauth;
    private final String base;
    private final Mailboxes mailboxes = new Mailboxes();
    private final Map<String, Set<String>> fullAccess = new ConcurrentHashMap<>();
    private final ImapServer imap;
    private final SmtpServer smtp;
    private final Pop3Server pop3;

    private SandboxServers(int imapPort, int smtpPort, int pop3Port, String oauthConfig, Consumer<String> events) throws IOException {
        oauth = new MockOAuth2Server(OAuth2Config.Companion.fromJson(oauthConfig));
        oauth.start(InetAddress.getByName("127.0.0.1"), 0);
        base = "http://127.0.0.1:" + oauth.baseUrl().port() + "/" + ISSUER;
        try {
            TokenChecker checker = new TokenChecker(URI.create(base + "/introspect"),
                    base + "/.well-known/openid-configuration", SCOPE, fullAccess);
            imap = new ImapServer(imapPort, checker, mailboxes, events);
            smtp = new SmtpServer(smtpPort, checker, mailboxes, events);
            pop3 = new Pop3Server(pop3Port, checker, mailboxes, events);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts everything on free ports; {@code events} gets one line per login and delivery (never a token). */
    public static SandboxServers start(Consumer<String> events) throws IOException {
        return new SandboxServers(0, 0, 0, mockConfig(), events);
    }

    /**
     * Like {@link #start}, but the OAuth2 server keeps mock-oauth2-server's defaults: the JWT-bearer grant
     * (RFC 7523, what Google service accounts use) issues a token whose {@code sub} is the assertion's,
     * with no client authentication, so the mail servers accept it for the mailbox the assertion names.
     */
    public static SandboxServers startForAssertions(Consumer<String> events) throws IOException {
        return new SandboxServers(0, 0, 0, "{\"interactiveLogin\": false}", events);
    }

    private static String mockConfig() {
        String padding = "x".repeat(1600);
        return "{\"interactiveLogin\": false, \"tokenCallbacks\": [{\"issuerId\": \"" + ISSUER + "\", \"tokenExpiry\": 3600,"
                + " \"requestMappings\": ["
                + "{\"requestParam\": \"scope\", \"match\": \"" + LONG_TOKEN_SCOPE + "\","
                + " \"claims\": {\"sub\": \"${client_id}\", \"aud\": [\"mail\"], \"padding\": \"" + padding + "\"}},"
                + "{\"requestParam\": \"grant_type\", \"match\": \"client_credentials\","
                + " \"claims\": {\"sub\": \"${client_id}\", \"aud\": [\"mail\"]}},"
                + "{\"requestParam\": \"grant_type\", \"match\": \"*\","
                + " \"claims\": {\"sub\": \"" + DEMO_USER + "\", \"aud\": [\"mail\"], \"email\": \"" + DEMO_USER + "\"}}"
                + "]}]}";
    }

    public String tokenUrl() {
        return base + "/token";
    }

    public String authorizationUrl() {
        return base + "/authorize";
    }

    public String introspectionUrl() {
        return base + "/introspect";
    }

    public String issuer() {
        return base;
    }

    public int imapPort() {
        return imap.port();
    }

    public int smtpPort() {
        return smtp.port();
    }

    public int pop3Port() {
        return pop3.port();
    }

    /**
     * From now on the IMAP server does what Exchange Online does when a token expires: {@code lifetime} after a
     * token's first login there, its sessions end with {@code * BYE Session invalidated - AccessTokenExpired}
     * (IDLE ones too) and it is refused, whatever the OAuth2 server still says of it.
     *
     * @param lifetime how long a token lives after its first IMAP login
     * @return these servers
     */
    public SandboxServers endImapSessionsWhenTokensExpire(Duration lifetime) {
        imap.endSessionsWhenTokensExpire(lifetime);
        return this;
    }

    public Mailboxes mailboxes() {
        return mailboxes;
    }

    /**
     * From now on the mail servers accept {@code delegate}'s tokens for logins as {@code sharedMailbox}, as
     * Exchange Online does after {@code Add-MailboxPermission -AccessRights FullAccess}.
     */
    public void grantFullAccess(String sharedMailbox, String delegate) {
        fullAccess.computeIfAbsent(sharedMailbox, m -> ConcurrentHashMap.newKeySet()).add(delegate);
    }

    /** An access token whose {@code sub} is {@code user} (client-credentials grant, client id = user). */
    public String accessToken(String user) throws IOException, InterruptedException {
        return accessToken(user, "mail");
    }

    /** An access token of {@code scope}: {@link #LONG_TOKEN_SCOPE} gives a token of over 2 KB. */
    public String accessToken(String user, String scope) throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(user, StandardCharsets.UTF_8) + ":secret")
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(tokenUrl()))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope="
                        + URLEncoder.encode(scope, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("the OAuth2 server answered HTTP " + response.statusCode() + " to a client-credentials grant");
        }
        return JsonParser.parseString(response.body()).getAsJsonObject().get("access_token").getAsString();
    }

    @Override
    public void close() {
        for (LineServer server : new LineServer[] {imap, smtp, pop3}) {
            if (server != null) {
                server.close();
            }
        }
        oauth.shutdown();
    }
}
