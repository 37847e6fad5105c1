package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailoauth2.MailOAuth2;
import io.github.mailoauth2.sandbox.SandboxServers;
import io.github.mailoauth2.token.TokenEvent;
import io.github.mailoauth2.token.TokenEventListener;
import jakarta.mail.Folder;
import jakarta.mail.FolderClosedException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.StoreClosedException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.Test;

/**
 * A long-lived IMAP session whose token expires: the server ends it as Exchange Online does
 * ({@code * BYE Session invalidated - AccessTokenExpired}), and the application's IDLE loop reconnects with a fresh
 * token at the first attempt, never with the spent one. No lab: the sandbox's IMAP server, with tokens that live
 * two seconds after their first login there, whatever their {@code exp} says (the cache still counts them valid).
 */
class SessionExpiryTest {
    private static final String USER = SandboxServers.DEMO_USER;

    @Test
    void anIdleLoopReconnectsWithAFreshTokenAtTheFirstAttempt() throws Exception {
        List<String> server = new CopyOnWriteArrayList<>();
        List<TokenEvent> tokenEvents = new CopyOnWriteArrayList<>();
        TokenEventListener listener = tokenEvents::add;
        MailOAuth2.addTokenEventListener(listener);
        try (SandboxServers servers = SandboxServers.start(server::add).endImapSessionsWhenTokensExpire(Duration.ofSeconds(2))) {
            Store store = Session.getInstance(CachedTokenRetryTest.config(servers)).getStore("imap");

            // the loop of docs/how-it-works.md, "Long-lived sessions"
            int ended = 0;
            IMAPFolder inbox = null;
            while (ended < 2) {
                try {
                    if (!store.isConnected()) {
                        store.connect("127.0.0.1", servers.imapPort(), USER, "");
                    }
                    if (inbox == null || !inbox.isOpen()) {
                        inbox = (IMAPFolder) store.getFolder("INBOX");
                        inbox.open(Folder.READ_ONLY);
                    }
                    inbox.idle();
                } catch (FolderClosedException | StoreClosedException e) {
                    ended++;
                }
            }
            store.close();

            assertThat(server.stream().filter(e -> e.contains("ended a session")).count()).as(server::toString).isEqualTo(2);
            List<String> logins = server.stream().filter(e -> e.startsWith("imap: XOAUTH2 login")).toList();
            // the first login, then one per session ended, each at its first attempt: never with the spent token
            assertThat(logins).as(server::toString).hasSize(2).allMatch(login -> login.contains(" accepted: "));
            assertThat(tokenEvents.stream().filter(e -> e.type() == TokenEvent.Type.TOKEN_REJECTED).map(TokenEvent::detail).toList())
                    .as("the listeners hear of each session ended for an expired token").hasSize(2)
                    .allMatch(detail -> detail.contains("AccessTokenExpired"));
        } finally {
            MailOAuth2.removeTokenEventListener(listener);
        }
    }
}
