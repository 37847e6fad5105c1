package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mailoauth2.sandbox.SandboxServers;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A bearer token never crosses a connection without TLS, whatever JavaMail would fall back to.
 * Against the sandbox's mail servers (no TLS at all) on 127.0.0.1, with {@code allow-plaintext=false}
 * standing in for a server on another machine (loopback is exempt by default); a tapping proxy
 * records every line the client sends. Needs no lab: unmodified Angus Mail with the library on the
 * class path, in this JVM.
 */
class PlaintextRefusalTest {
    private static final String USER = SandboxServers.DEMO_USER;
    private static final List<String> EVENTS = new CopyOnWriteArrayList<>();
    private static SandboxServers servers;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        servers = SandboxServers.start(EVENTS::add);
        token = servers.accessToken(USER);
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    private static Properties remote(String protocol, String mechanism) {
        Properties props = new Properties();
        props.setProperty("mail." + protocol + ".sasl.enable", "true");
        props.setProperty("mail." + protocol + ".sasl.mechanisms", mechanism);
        props.setProperty("mail." + protocol + ".auth", "true");
        props.setProperty("mail.oauth2.allow-plaintext", "false");
        return props;
    }

    private static void assertNothingSent(TapProxy proxy) {
        assertThat(proxy.clientLines().stream().anyMatch(line -> line.contains("AUTHENTICATE") || line.contains("LOGIN")
                || line.startsWith("AUTH") || line.contains(token)))
                .as("an authentication command or the token went out (lines not shown: they may hold a token)").isFalse();
    }

    @Test
    void imapRefusesBeforeAnyAuthenticationCommandAndSaysWhatToSet() throws Exception {
        for (String mechanism : new String[] {"XOAUTH2", "OAUTHBEARER"}) {
            try (TapProxy proxy = TapProxy.transparent(servers.imapPort())) {
                Store store = Session.getInstance(remote("imap", mechanism)).getStore("imap");

                assertThatThrownBy(() -> store.connect("127.0.0.1", proxy.port(), USER, token))
                        .isInstanceOf(AuthenticationFailedException.class)
                        .hasMessageContaining("refused to send the access token to 127.0.0.1")
                        .hasMessageContaining("mail.imap.starttls.enable=true and mail.imap.starttls.required=true")
                        .satisfies(e -> assertThat(e.getMessage().contains(token)).as("token in the message").isFalse());
                assertNothingSent(proxy);
            }
        }
    }

    @Test
    void noFallbackSendsTheTokenWhenTheServerOffersNeitherMechanism() throws Exception {
        UnaryOperator<String> withoutBearer = line -> line.replace(" AUTH=XOAUTH2", "").replace(" AUTH=OAUTHBEARER", "")
                .replace("XOAUTH2 OAUTHBEARER", "PLAIN LOGIN");
        try (TapProxy imap = new TapProxy(servers.imapPort(), withoutBearer);
             TapProxy smtp = new TapProxy(servers.smtpPort(), withoutBearer)) {
            Store store = Session.getInstance(remote("imap", "OAUTHBEARER")).getStore("imap");
            assertThatThrownBy(() -> store.connect("127.0.0.1", imap.port(), USER, token))
                    .isInstanceOf(MessagingException.class).hasMessageContaining("refused to send the access token");
            Transport transport = Session.getInstance(remote("smtp", "OAUTHBEARER")).getTransport("smtp");
            assertThatThrownBy(() -> transport.connect("127.0.0.1", smtp.port(), USER, token))
                    .isInstanceOf(AuthenticationFailedException.class).hasMessageContaining("refused to send the access token");
            assertNothingSent(imap);
            assertNothingSent(smtp);
        }
    }

    @Test
    void smtpRefusesBeforeAnyAuthCommand() throws Exception {
        for (String mechanism : new String[] {"XOAUTH2", "OAUTHBEARER"}) {
            try (TapProxy proxy = TapProxy.transparent(servers.smtpPort())) {
                Transport transport = Session.getInstance(remote("smtp", mechanism)).getTransport("smtp");

                assertThatThrownBy(() -> transport.connect("127.0.0.1", proxy.port(), USER, token))
                        .isInstanceOf(AuthenticationFailedException.class)
                        .hasMessageContaining("mail.smtp.starttls.enable=true and mail.smtp.starttls.required=true");
                assertNothingSent(proxy);
            }
        }
    }

    @Test
    void withoutTheAdapterOurSaslClientRefusesAndTheMailLibrarysOwnDoesNotStepIn() throws Exception {
        Properties props = remote("imap", "XOAUTH2");
        props.setProperty("mail.imap.class", "org.eclipse.angus.mail.imap.IMAPStore"); // JavaMail's own store
        props.setProperty("javax.security.sasl.policy.noplaintext", "true");
        try (TapProxy proxy = TapProxy.transparent(servers.imapPort())) {
            Store store = Session.getInstance(props).getStore("imap");
            assertThat(store.getClass().getName()).isEqualTo("org.eclipse.angus.mail.imap.IMAPStore");

            assertThatThrownBy(() -> store.connect("127.0.0.1", proxy.port(), USER, token))
                    .isInstanceOf(AuthenticationFailedException.class);
            assertThat(proxy.clientLines().stream().anyMatch(line -> line.contains(token) || line.contains("LOGIN")))
                .as("an authentication command or the token went out (lines not shown: they may hold a token)").isFalse();
            assertThat(proxy.clientLines().stream().anyMatch(line -> line.matches("\\S+ AUTHENTICATE XOAUTH2 \\S+")))
                .as("an authentication command or the token went out (lines not shown: they may hold a token)").isFalse();
        }
    }

    @Test
    void pop3RefusesWithoutSettingsThatGuaranteeTls() throws Exception {
        Properties props = new Properties();
        props.setProperty("mail.pop3.auth.mechanisms", "XOAUTH2");
        props.setProperty("mail.oauth2.allow-plaintext", "false");
        try (TapProxy proxy = TapProxy.transparent(servers.pop3Port())) {
            Store store = Session.getInstance(props).getStore("pop3");

            assertThatThrownBy(() -> store.connect("127.0.0.1", proxy.port(), USER, token))
                    .isInstanceOf(AuthenticationFailedException.class)
                    .hasMessageContaining("mail.pop3.starttls.required=true");
            assertThat(proxy.clientLines().stream().anyMatch(line -> line.contains(token) || line.startsWith("AUTH")))
                .as("an authentication command or the token went out (lines not shown: they may hold a token)").isFalse();
        }
    }

    @Test
    void toLoopbackTheDefaultAllowsItSoTheRefusalsAboveAreThePolicysDoing() throws Exception {
        Properties props = remote("imap", "XOAUTH2");
        props.remove("mail.oauth2.allow-plaintext");
        Store store = Session.getInstance(props).getStore("imap");
        store.connect("127.0.0.1", servers.imapPort(), USER, token);
        assertThat(store.isConnected()).isTrue();
        store.close();
    }

    @Test
    void mailDebugOutputShowsNoTokenWhereJavaMailPrintsSaslResponses() throws Exception {
        String longToken = servers.accessToken(USER, SandboxServers.LONG_TOKEN_SCOPE);
        UnaryOperator<String> withoutSaslIr = line -> line.replace(" SASL-IR", "");
        try (TapProxy imap = new TapProxy(servers.imapPort(), withoutSaslIr)) {
            ByteArrayOutputStream debug = new ByteArrayOutputStream();
            Properties props = remote("imap", "XOAUTH2");
            props.remove("mail.oauth2.allow-plaintext");
            Session session = Session.getInstance(props);
            session.setDebug(true);
            session.setDebugOut(new PrintStream(debug, true, StandardCharsets.UTF_8));
            Store store = session.getStore("imap");
            store.connect("127.0.0.1", imap.port(), USER, token);
            store.getFolder("INBOX").open(Folder.READ_ONLY);
            store.close();

            Properties smtpProps = remote("smtp", "XOAUTH2");
            smtpProps.remove("mail.oauth2.allow-plaintext");
            Session smtpSession = Session.getInstance(smtpProps);
            smtpSession.setDebug(true);
            smtpSession.setDebugOut(new PrintStream(debug, true, StandardCharsets.UTF_8));
            Transport transport = smtpSession.getTransport("smtp");
            transport.connect("127.0.0.1", servers.smtpPort(), USER, longToken); // too long for the AUTH line
            transport.close();

            String out = debug.toString(StandardCharsets.UTF_8);
            assertThat(out).contains("SASL response: <redacted>", "DEBUG IMAP", "DEBUG SMTP");
            assertThat(out.contains(token) || out.contains(longToken)).as("a token in the debug output (not shown)").isFalse();
        }
    }
}
