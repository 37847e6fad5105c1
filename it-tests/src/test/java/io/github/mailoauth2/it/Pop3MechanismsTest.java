package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mailoauth2.sandbox.SandboxServers;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * POP3's mechanism list, which JavaMail reads in order: a list that would send the token as another mechanism's
 * password is refused before anything is sent, and a configured token source that the list does not ask for is named
 * in the failure. Against the sandbox's POP3 server, through a tapping proxy; unmodified Angus Mail, no lab.
 */
class Pop3MechanismsTest {
    private static final String USER = SandboxServers.DEMO_USER;
    private static SandboxServers servers;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        servers = SandboxServers.start(event -> { });
        token = servers.accessToken(USER);
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    private static Properties mechanisms(String list) {
        Properties props = new Properties();
        props.setProperty("mail.pop3.auth.mechanisms", list);
        return props;
    }

    @Test
    void aListWithAnotherMechanismIsRefusedBeforeAnythingIsSent() throws Exception {
        try (TapProxy proxy = TapProxy.transparent(servers.pop3Port())) {
            Store store = Session.getInstance(mechanisms("LOGIN XOAUTH2")).getStore("pop3");

            assertThatThrownBy(() -> store.connect("127.0.0.1", proxy.port(), USER, token))
                    .isInstanceOf(AuthenticationFailedException.class)
                    .hasMessageContaining("mail.pop3.auth.mechanisms is \"LOGIN XOAUTH2\"")
                    .hasMessageContaining("would send the access token as a password, so none was sent")
                    .hasMessageContaining("Set mail.pop3.auth.mechanisms=XOAUTH2");
            assertThat(proxy.clientLines().stream().anyMatch(line -> line.contains(token) || line.startsWith("AUTH")
                    || line.startsWith("USER") || line.startsWith("PASS")))
                    .as("a login command or the token went out (lines not shown: they may hold a token)").isFalse();
        }
    }

    @Test
    void xoauth2AloneLogsIn() throws Exception {
        Store store = Session.getInstance(mechanisms("XOAUTH2")).getStore("pop3");

        store.connect("127.0.0.1", servers.pop3Port(), USER, token);

        assertThat(store.isConnected()).isTrue();
        store.close();
    }

    @Test
    void aTokenSourceTheListDoesNotAskForIsNamedInTheFailure() {
        Properties props = new Properties();
        props.setProperty("mail.oauth2.token-url", "http://127.0.0.1:9/token");
        props.setProperty("mail.oauth2.client-id", "app");

        assertThatThrownBy(() -> Session.getInstance(props).getStore("pop3").connect("127.0.0.1", servers.pop3Port(), USER, "dummy"))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("[mail-oauth2: a token source is configured, but this session asks JavaMail for no"
                        + " XOAUTH2 or OAUTHBEARER login on pop3, so no token was sent: set mail.pop3.auth.mechanisms=XOAUTH2");
    }
}
