package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailoauth2.sandbox.Mailboxes;
import io.github.mailoauth2.sandbox.Sandbox;
import io.github.mailoauth2.sandbox.SandboxServers;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The sandbox (io.github.mailoauth2.sandbox): mock-oauth2-server and small IMAP, SMTP and POP3
 * servers in this JVM, which check every token by introspection. It needs no lab. Unmodified
 * applications log in to it through mail-oauth2 as they do to Dovecot; and the command line's
 * run-through passes against it.
 */
class SandboxIT {
    private static final List<String> EVENTS = new CopyOnWriteArrayList<>();
    private static SandboxServers servers;

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

    @AfterEach
    void theServersNeverLogATokenNorAnEncodedResponse() {
        for (String event : EVENTS) {
            assertThat(Secrets.all()).noneMatch(event::contains);
            assertThat(event).doesNotContainPattern("[A-Za-z0-9+/=]{60,}");
        }
    }

    private static String token(String user) throws Exception {
        return Secrets.remember(servers.accessToken(user));
    }

    @ParameterizedTest
    @EnumSource(MailApi.class)
    void xoauth2ImapLoginWithTheTokenOnTheAuthenticateLine(MailApi api) throws Exception {
        String user = Lab.newUser();
        try (TapProxy tap = TapProxy.transparent(servers.imapPort())) {
            AppRun.Result r = new AppRun(api).imap("imap", tap.port(), "XOAUTH2").user(user, token(user)).run("imap");

            assertThat(r.exitCode()).as(r::toString).isZero();
            assertThat(r.out()).startsWith("IMAP OK " + api.implementation().adapters.packagePrefix).contains("messages=0");
            assertThat(r.ourClientLoggedIn()).as(r::toString).isTrue();
            assertThat(tap.clientLines()).anyMatch(line -> line.matches("\\S+ AUTHENTICATE XOAUTH2 [A-Za-z0-9+/=]{40,}"));
        }
        assertThat(EVENTS).contains("imap: XOAUTH2 login as " + user + " accepted: the token is active and its sub is " + user);
    }

    @Test
    void xoauth2ImapLoginWithoutSaslIrAnswersTheEmptyContinuation() throws Exception {
        String user = Lab.newUser();
        try (TapProxy tap = new TapProxy(servers.imapPort(), line -> line.replace(" SASL-IR", ""))) {
            AppRun.Result r = new AppRun(MailApi.JAKARTA).imap("imap", tap.port(), "XOAUTH2").user(user, token(user)).run("imap");

            assertThat(r.exitCode()).as(r::toString).isZero();
            assertThat(tap.clientLines()).anyMatch(line -> line.matches("\\S+ AUTHENTICATE XOAUTH2"))
                    .noneMatch(line -> line.matches("\\S+ AUTHENTICATE XOAUTH2 .+"));
        }
    }

    @Test
    void oauthbearerSmtpSendsAMessageThatImapShows() throws Exception {
        String user = Lab.newUser();
        String token = token(user);
        String subject = "sandbox " + UUID.randomUUID();

        AppRun.Result sent = new AppRun(MailApi.JAKARTA).smtp("smtp", servers.smtpPort(), "OAUTHBEARER").user(user, token)
                .run("send", subject);
        AppRun.Result read = new AppRun(MailApi.JAKARTA).imap("imap", servers.imapPort(), "OAUTHBEARER").user(user, token)
                .run("imap", subject);

        assertThat(sent.exitCode()).as(sent::toString).isZero();
        assertThat(sent.out()).startsWith("SENT io.github.mailoauth2.internal.angus");
        assertThat(sent.err()).contains("OAUTHBEARER: sent " + user + "'s access token to smtp server 127.0.0.1:" + servers.smtpPort());
        assertThat(read.exitCode()).as(read::toString).isZero();
        assertThat(read.out()).contains("messages=1").contains("FOUND " + subject);
        assertThat(servers.mailboxes().inbox(user)).extracting(Mailboxes.Message::subject).containsExactly(subject);
    }

    @ParameterizedTest
    @EnumSource(MailApi.class)
    void aBogusTokenIsRejectedWithTheServersDecodedReason(MailApi api) throws Exception {
        String token = Lab.bogusToken();

        AppRun.Result r = new AppRun(api).imap("imap", servers.imapPort(), "XOAUTH2").user(Lab.newUser(), token).run("imap");

        assertThat(r.exitCode()).as(r::toString).isEqualTo(1);
        assertThat(r.out()).startsWith("FAILED " + api.authenticationFailed() + ": ")
                .contains("[AUTHENTICATIONFAILED]")
                .contains("XOAUTH2: the server rejected the access token (status 401, schemes bearer, scope openid offline_access)")
                .doesNotContain(token);
        assertThat(r.err()).doesNotContain(token);
        assertThat(EVENTS).anyMatch(e -> e.endsWith("rejected: the OAuth2 server says the token is not active"));
    }

    @Test
    void smtpRefusesATokenIssuedForAnotherMailbox() throws Exception {
        String user = Lab.newUser();
        String other = Lab.newUser();

        AppRun.Result r = new AppRun(MailApi.JAKARTA).smtp("smtp", servers.smtpPort(), "OAUTHBEARER").user(user, token(other))
                .run("send", "never sent");

        assertThat(r.exitCode()).as(r::toString).isEqualTo(1);
        assertThat(r.out()).contains("OAUTHBEARER: the server rejected the access token (status invalid_token");
        assertThat(EVENTS).contains("smtp: OAUTHBEARER login as " + user + " rejected: the token's sub is " + other + ", not " + user
                + " nor a delegate with Full Access on it");
        assertThat(servers.mailboxes().inbox(user)).isEmpty();
    }

    @Test
    void aLongTokenGoesToSmtpAfterTheEmpty334() throws Exception {
        String user = Lab.newUser();
        String token = Secrets.remember(servers.accessToken(user, SandboxServers.LONG_TOKEN_SCOPE));
        assertThat(token.length()).as("a token whose AUTH line cannot fit in 512 octets").isGreaterThan(1500);

        try (TapProxy tap = TapProxy.transparent(servers.smtpPort())) {
            AppRun.Result r = new AppRun(MailApi.JAKARTA).smtp("smtp", tap.port(), "XOAUTH2").user(user, token)
                    .run("send", "long token");

            assertThat(r.exitCode()).as(r::toString).isZero();
            assertThat(tap.clientLines()).contains("AUTH XOAUTH2").noneMatch(line -> line.startsWith("AUTH XOAUTH2 "))
                    .allMatch(line -> line.length() <= 510 || line.matches("[A-Za-z0-9+/=]+"));
        }
    }

    @Test
    void pop3LoginWithXoauth2() throws Exception {
        String user = Lab.newUser();

        AppRun.Result r = new AppRun(MailApi.JAKARTA).pop3("pop3", servers.pop3Port()).user(user, token(user)).run("pop3");

        assertThat(r.exitCode()).as(r::toString).isZero();
        assertThat(r.out()).startsWith("POP3 OK io.github.mailoauth2.internal.angus").contains("messages=0");
    }

    @Test
    void theServersAnswerWhatTheyDoNotKnowAndCutOverlongLines() throws Exception {
        try (Socket socket = new Socket(Lab.HOST, servers.smtpPort())) {
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("220 ");
            out.write(("AUTH XOAUTH2 " + "A".repeat(600) + "\r\nVRFY x\r\nMAIL FROM:<a@example.test>\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("500 5.5.2 Line too long");
            assertThat(in.readLine()).startsWith("502 ");
            assertThat(in.readLine()).startsWith("530 5.7.0 Authentication required");
        }
        try (Socket socket = new Socket(Lab.HOST, servers.imapPort())) {
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=XOAUTH2 AUTH=OAUTHBEARER");
            out.write("a1 COPY 1 Archive\r\na2 SELECT INBOX\r\na3 AUTHENTICATE PLAIN\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).isEqualTo("a1 BAD Command not supported by the sandbox");
            assertThat(in.readLine()).isEqualTo("a2 BAD Log in first");
            assertThat(in.readLine()).startsWith("a3 NO ");
            out.write(("a4 NOOP " + "x".repeat(9000) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).isEqualTo("* BYE Line too long");
            assertThat(in.readLine()).isNull();
        }
    }

    /** The README's run-through: every command line step against a sandbox of its own, in this JVM. */
    @Test
    void theCommandLineRunThroughPasses() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        int exit;
        try (PrintStream both = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(both);
            System.setErr(both);
            exit = Sandbox.run(false);
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        String output = captured.toString(StandardCharsets.UTF_8);

        assertThat(exit).as(output).isZero();
        assertThat(output).contains("Refresh Token: ", "Access Token: ", "Access Token Expiration Seconds: ", "OAuth2 argument:",
                "OK: INBOX selected: 0 messages", "[server] imap: XOAUTH2 login as demo@example.test accepted",
                "[server] smtp: OAUTHBEARER login as demo@example.test accepted", "[server] pop3: XOAUTH2 login as demo@example.test accepted",
                "[server] imap: XOAUTH2 login as demo@example.test rejected: the OAuth2 server says the token is not active",
                "[server] imap: XOAUTH2 login as shared@example.test accepted: the token is active and its sub demo@example.test"
                        + " has Full Access on shared@example.test",
                "all 10 steps did what they should");
        // the protocol where it teaches (the first IMAP login, the refusal), not for every login, and no library debug lines
        // Angus Mail's tag prefix (A0, B0, ...) counts the IMAP connections this JVM made before, in any test
        assertThat(output).contains("AUTH OAUTHBEARER", "NO [AUTHENTICATIONFAILED]")
                .containsPattern("\\b[A-Z]{1,3}0 AUTHENTICATE XOAUTH2 <redacted ")
                .doesNotContainPattern("\\d STAT\\b") // POP3's trace: not shown
                .doesNotContain("DEBUG");
    }
}
