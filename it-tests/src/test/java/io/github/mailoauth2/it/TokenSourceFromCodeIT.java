package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.github.mailoauth2.MailOAuth2;
import io.github.mailoauth2.token.AccessToken;
import io.github.mailoauth2.token.LoginEvent;
import io.github.mailoauth2.token.LoginEvent.Outcome;
import io.github.mailoauth2.token.TokenEvent;
import io.github.mailoauth2.token.TokenEventListener;
import io.github.mailoauth2.token.TokenRejection;
import io.github.mailoauth2.token.TokenRequest;
import io.github.mailoauth2.token.TokenSource;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import java.io.IOException;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A token source the application made, handed over with {@code MailOAuth2.useTokenSource} (no service file), logs in
 * at the lab's Dovecot over IMAP and SMTP submission; it fetches its tokens from the lab's mock-oauth2-server, or hands
 * out tokens no server issued first. Each login is one {@link LoginEvent}, counted exactly.
 */
class TokenSourceFromCodeIT {
    private final String name = "from-code-" + UUID.randomUUID().toString().substring(0, 8);
    private final String user = Lab.newUser();
    private final List<LoginEvent> logins = new CopyOnWriteArrayList<>();
    private final TokenEventListener listener = new TokenEventListener() {
        @Override
        public void onEvent(TokenEvent event) {
        }

        @Override
        public void onLogin(LoginEvent event) {
            if (name.equals(event.source())) {
                logins.add(event);
            }
        }
    };

    /** Tokens from the lab's OAuth2 server for the user asked for, after {@code bogus} tokens that no server issued. */
    private static final class LabTokens implements TokenSource {
        final List<String> handedOut = new CopyOnWriteArrayList<>();
        final List<String> rejected = new CopyOnWriteArrayList<>();
        private final int bogus;

        LabTokens(int bogus) {
            this.bogus = bogus;
        }

        @Override
        public AccessToken token(TokenRequest request, char[] connectPassword) throws IOException {
            try {
                String token = handedOut.size() < bogus ? Lab.bogusToken() : Lab.mockToken(request.user());
                handedOut.add(token);
                return new AccessToken(token, null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }

        @Override
        public void rejected(TokenRequest request, AccessToken token, TokenRejection rejection) {
            rejected.add(token.value());
        }
    }

    @BeforeEach
    void listen() {
        MailOAuth2.addTokenEventListener(listener);
    }

    @AfterEach
    void forget() {
        MailOAuth2.removeTokenEventListener(listener);
        MailOAuth2.useTokenSource(name, null);
    }

    /** JavaMail's own SASL keys for {@code protocol}, and the source by its name: nothing else. */
    private Session session(String protocol, String mechanism) {
        Properties props = new Properties();
        props.setProperty("mail." + protocol + ".sasl.enable", "true");
        props.setProperty("mail." + protocol + ".sasl.mechanisms", mechanism);
        props.setProperty("mail." + protocol + ".auth", "true");
        props.setProperty("mail.oauth2.source", name);
        return Session.getInstance(props);
    }

    private void imap() throws Exception {
        Store store = session("imap", "OAUTHBEARER").getStore("imap");
        store.connect(Lab.HOST, Lab.IMAP, user, "unused");
        store.close();
    }

    private void smtp() throws Exception {
        Transport transport = session("smtp", "XOAUTH2").getTransport("smtp");
        transport.connect(Lab.HOST, Lab.SUBMISSION, user, "unused");
        transport.close();
    }

    @Test
    void itLogsInOverImapAndSmtpAndEachLoginIsOneSucceeded() throws Exception {
        LabTokens tokens = new LabTokens(0);
        MailOAuth2.useTokenSource(name, tokens);

        imap();
        smtp();

        assertThat(tokens.handedOut).hasSize(2);
        assertThat(tokens.rejected).isEmpty();
        assertThat(logins).extracting(LoginEvent::protocol, LoginEvent::mechanism, LoginEvent::outcome, LoginEvent::account,
                LoginEvent::detail).containsExactly(tuple("imap", "OAUTHBEARER", Outcome.SUCCEEDED, user, null),
                tuple("smtp", "XOAUTH2", Outcome.SUCCEEDED, user, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"imap", "smtp"})
    void aRejectedTokenIsReportedToItAndTheLoginRetriedOnceWithAnotherFromIt(String protocol) throws Exception {
        LabTokens tokens = new LabTokens(1);
        MailOAuth2.useTokenSource(name, tokens);

        if (protocol.equals("imap")) {
            imap();
        } else {
            smtp();
        }

        assertThat(tokens.handedOut).hasSize(2);
        assertThat(tokens.rejected).containsExactly(tokens.handedOut.get(0));
        assertThat(logins).extracting(LoginEvent::protocol, LoginEvent::outcome)
                .containsExactly(tuple(protocol, Outcome.REJECTED), tuple(protocol, Outcome.SUCCEEDED));
        assertThat(logins.get(0).detail()).contains("the server rejected the access token")
                .doesNotContain(tokens.handedOut.get(0));
    }

    @Test
    void whenTheRetrysTokenIsRejectedTooTheConnectFailsAfterTwoLogins() throws Exception {
        LabTokens tokens = new LabTokens(Integer.MAX_VALUE);
        MailOAuth2.useTokenSource(name, tokens);

        assertThatThrownBy(this::imap).isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("the server rejected the access token");

        assertThat(tokens.handedOut).hasSize(2);
        assertThat(tokens.rejected).containsExactlyElementsOf(tokens.handedOut);
        assertThat(logins).extracting(LoginEvent::outcome).containsExactly(Outcome.REJECTED, Outcome.REJECTED);
    }

    @Test
    void pop3LoginsAreCountedTooTheFolderOpensConnectionIncluded() throws Exception {
        LabTokens tokens = new LabTokens(1);
        MailOAuth2.useTokenSource(name, tokens);
        Properties props = new Properties();
        props.setProperty("mail.pop3.auth.mechanisms", "XOAUTH2");
        props.setProperty("mail.oauth2.source", name);

        Store store = Session.getInstance(props).getStore("pop3");
        store.connect(Lab.HOST, Lab.POP3, user, "unused");
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        inbox.close(false);
        store.close();

        assertThat(tokens.rejected).containsExactly(tokens.handedOut.get(0));
        assertThat(tokens.handedOut).as("the rejected one, the retry's, the folder's").hasSize(3);
        assertThat(logins).extracting(LoginEvent::protocol, LoginEvent::mechanism, LoginEvent::outcome).containsExactly(
                tuple("pop3", "XOAUTH2", Outcome.REJECTED), tuple("pop3", "XOAUTH2", Outcome.SUCCEEDED),
                tuple("pop3", "XOAUTH2", Outcome.SUCCEEDED));
    }

    @Test
    void aSourceThatHasNoTokenIsOneFailedAndNoRetry() {
        MailOAuth2.useTokenSource(name, (request, password) -> {
            throw new IOException("the vault is sealed");
        });

        assertThatThrownBy(this::smtp).isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("XOAUTH2: the vault is sealed");

        assertThat(logins).extracting(LoginEvent::protocol, LoginEvent::outcome, LoginEvent::detail)
                .containsExactly(tuple("smtp", Outcome.FAILED, "XOAUTH2: the vault is sealed"));
    }
}
