package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mailoauth2.sandbox.SandboxServers;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A cached token that the server rejects (revoked before it expired) costs the application nothing:
 * the same {@code connect()} logs in once more with a fresh token. A proxy spoils the token of chosen
 * AUTHENTICATE commands, standing in for a revocation. No lab: the sandbox's IMAP server checks every
 * token with its OAuth2 server (mock-oauth2-server), which issues them for the client-credentials source.
 */
class CachedTokenRetryTest {
    private static final String USER = SandboxServers.DEMO_USER;
    private static SandboxServers servers;

    @BeforeAll
    static void start() throws Exception {
        servers = SandboxServers.start(event -> { });
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    private static Properties config() {
        return config(servers);
    }

    /**
     * IMAP with XOAUTH2 and the client-credentials source of the sandbox's OAuth2 server, in a configuration of its
     * own (a new cache) for each test: the scope carries a unique, ignored word.
     */
    static Properties config(SandboxServers servers) {
        Properties props = new Properties();
        props.setProperty("mail.imap.sasl.enable", "true");
        props.setProperty("mail.imap.sasl.mechanisms", "XOAUTH2");
        props.setProperty("mail.oauth2.source", "client-credentials");
        props.setProperty("mail.oauth2.token-url", servers.tokenUrl());
        props.setProperty("mail.oauth2.client-id", USER);
        props.setProperty("mail.oauth2.client-secret", "secret");
        props.setProperty("mail.oauth2.scope", "mail " + UUID.randomUUID());
        return props;
    }

    /**
     * Spoils the token of the AUTHENTICATE commands whose number (from 1) {@code spoil} accepts: a
     * well-formed XOAUTH2 response whose token the server's OAuth2 server does not know.
     */
    private static UnaryOperator<String> spoiling(java.util.function.IntPredicate spoil) {
        AtomicInteger seen = new AtomicInteger();
        return line -> {
            // "user=" in base64 begins every XOAUTH2 response: inline, or on a line of its own (long SMTP tokens)
            Matcher m = Pattern.compile("^(\\S+ AUTHENTICATE XOAUTH2 |AUTH XOAUTH2 |)(dXNlcj\\S+)").matcher(line);
            if (!m.find() || !spoil.test(seen.incrementAndGet())) {
                return line;
            }
            String response = new String(Base64.getDecoder().decode(m.group(2)), StandardCharsets.UTF_8);
            String spoiled = response.replace("auth=Bearer ", "auth=Bearer revoked");
            return m.group(1) + Base64.getEncoder().encodeToString(spoiled.getBytes(StandardCharsets.UTF_8)) + "\r\n";
        };
    }

    /** The first login's token, the same (cached) one rejected, then a fresh one. Compared, never printed. */
    private static void assertCachedThenFresh(List<String> tokens) {
        assertThat(tokens.size()).isEqualTo(3);
        assertThat(tokens.get(1).equals(tokens.get(0))).as("the second login sent the cached token").isTrue();
        assertThat(tokens.get(2).equals(tokens.get(1))).as("the retry sent a fresh token").isFalse();
    }

    /** Each XOAUTH2 response sent (base64 of "user=..."), inline or on a line of its own. */
    private static List<String> authenticateLines(TapProxy proxy) {
        return proxy.clientLines().stream().map(line -> line.substring(line.lastIndexOf(' ') + 1))
                .filter(word -> word.startsWith("dXNlcj")).toList();
    }

    @Test
    void smtpToo() throws Exception {
        Properties props = config();
        props.setProperty("mail.smtp.auth", "true");
        props.setProperty("mail.smtp.sasl.enable", "true");
        props.setProperty("mail.smtp.sasl.mechanisms", "XOAUTH2");
        Session session = Session.getInstance(props);
        try (TapProxy proxy = new TapProxy(servers.smtpPort(), UnaryOperator.identity(), spoiling(n -> n == 2))) {
            Transport first = session.getTransport("smtp");
            first.connect("127.0.0.1", proxy.port(), USER, "unused");
            first.close();

            Transport second = session.getTransport("smtp");
            second.connect("127.0.0.1", proxy.port(), USER, "unused");

            assertThat(second.isConnected()).isTrue();
            second.close();
            assertCachedThenFresh(authenticateLines(proxy));
        }
    }

    @Test
    void aRejectedCachedTokenIsReplacedInsideTheSameConnect() throws Exception {
        Session session = Session.getInstance(config());
        try (TapProxy proxy = new TapProxy(servers.imapPort(), UnaryOperator.identity(), spoiling(n -> n == 2))) {
            Store first = session.getStore("imap");
            first.connect("127.0.0.1", proxy.port(), USER, "unused");
            first.close();

            Store second = session.getStore("imap"); // gets the cached token, which the "server" now rejects
            second.connect("127.0.0.1", proxy.port(), USER, "unused");

            assertThat(second.isConnected()).isTrue();
            second.close();
            assertCachedThenFresh(authenticateLines(proxy));
        }
    }

    /** A second open folder logs in on a pooled connection: the same one retry there, and the folder opens. */
    @Test
    void aPooledConnectionRetriesToo() throws Exception {
        Session session = Session.getInstance(config());
        try (TapProxy proxy = new TapProxy(servers.imapPort(), UnaryOperator.identity(), spoiling(n -> n == 2))) {
            Store store = session.getStore("imap");
            store.connect("127.0.0.1", proxy.port(), USER, "unused");
            Folder first = store.getFolder("INBOX");
            first.open(Folder.READ_ONLY); // takes the store's own connection: no login
            Folder second = store.getFolder("INBOX");
            second.open(Folder.READ_ONLY); // a new pooled connection: the cached token, rejected, then a fresh one

            assertThat(second.isOpen()).isTrue();
            second.close(false);
            first.close(false);
            store.close();
            assertCachedThenFresh(authenticateLines(proxy));
        }
    }

    /** POP3 XOAUTH2 with the same source: JavaMail's own mechanism key, which the POP3 store serves. */
    private static Properties pop3Config() {
        Properties props = config();
        props.setProperty("mail.pop3.auth.mechanisms", "XOAUTH2");
        return props;
    }

    /**
     * A POP3 folder closed and opened again logs in on a new connection of its own (JavaMail's store does not take
     * part): the cached token, rejected there, then a fresh one, and the folder opens.
     */
    @Test
    void aReopenedPop3FolderRetriesToo() throws Exception {
        Session session = Session.getInstance(pop3Config());
        try (TapProxy proxy = new TapProxy(servers.pop3Port(), UnaryOperator.identity(), spoiling(n -> n == 2))) {
            Store store = session.getStore("pop3");
            store.connect("127.0.0.1", proxy.port(), USER, "unused");
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY); // takes the store's own connection: no login
            inbox.close(false);
            inbox = store.getFolder("INBOX"); // as applications do
            assertThat(authenticateLines(proxy).size()).as("a login outside the adapter's folder").isEqualTo(1);
            inbox.open(Folder.READ_ONLY); // a new connection: the cached token, rejected, then a fresh one

            assertThat(inbox.isOpen()).isTrue();
            inbox.close(false);
            store.close();
            assertCachedThenFresh(authenticateLines(proxy));
        }
    }

    /** A POP3 re-open whose every token is rejected: the application gets the reason, after one retry, not "Open failed". */
    @Test
    void aRejectedPop3ReopenSaysWhy() throws Exception {
        Session session = Session.getInstance(pop3Config());
        try (TapProxy proxy = new TapProxy(servers.pop3Port(), UnaryOperator.identity(), spoiling(n -> n >= 2))) {
            Store store = session.getStore("pop3");
            store.connect("127.0.0.1", proxy.port(), USER, "unused");
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            inbox.close(false);

            assertThatThrownBy(() -> inbox.open(Folder.READ_ONLY)).isInstanceOf(AuthenticationFailedException.class)
                    .hasMessageContaining("XOAUTH2: the server rejected the access token");
            assertThat(authenticateLines(proxy).size()).isEqualTo(3); // the store's login, the cached token, one fresh try
            store.close();
        }
    }

    @Test
    void aRejectedFreshTokenIsNotRetried() throws Exception {
        Session session = Session.getInstance(config());
        try (TapProxy proxy = new TapProxy(servers.imapPort(), UnaryOperator.identity(), spoiling(n -> true))) {
            Store store = session.getStore("imap");

            assertThatThrownBy(() -> store.connect("127.0.0.1", proxy.port(), USER, "unused"))
                    .isInstanceOf(AuthenticationFailedException.class)
                    .hasMessageContaining("the server rejected the access token");
            assertThat(authenticateLines(proxy).size()).isEqualTo(1);
        }
    }

    @Test
    void neverMoreThanOneRetry() throws Exception {
        Session session = Session.getInstance(config());
        try (TapProxy proxy = new TapProxy(servers.imapPort(), UnaryOperator.identity(), spoiling(n -> n >= 2))) {
            Store first = session.getStore("imap");
            first.connect("127.0.0.1", proxy.port(), USER, "unused");
            first.close();

            Store second = session.getStore("imap");
            assertThatThrownBy(() -> second.connect("127.0.0.1", proxy.port(), USER, "unused"))
                    .isInstanceOf(AuthenticationFailedException.class);
            assertThat(authenticateLines(proxy).size()).isEqualTo(3); // the first login, the cached token, one fresh try
        }
    }
}
