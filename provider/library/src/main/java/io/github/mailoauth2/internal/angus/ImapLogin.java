package io.github.mailoauth2.internal.angus;

import io.github.mailoauth2.internal.TokenOrigin;
import io.github.mailoauth2.internal.sasl.LoginAttempt;
import java.lang.System.Logger.Level;
import org.eclipse.angus.mail.iap.CommandFailedException;
import org.eclipse.angus.mail.iap.ProtocolException;

/**
 * One login on an {@link OAuth2ImapProtocol}: inside a {@link LoginAttempt} of the connection's own
 * host and port, which knows whether the connection is encrypted (after STARTTLS too); once more on
 * the same connection with a fresh token if the server rejected a cached one (IMAP allows another
 * AUTHENTICATE after a failed one); and what went wrong handed to the attempt of the caller, if any
 * ({@code Store.connect}, {@code Folder.open}), which puts it into the exception the application gets.
 */
final class ImapLogin {
    /** The superclass's authentication command. */
    interface Auth {
        void run() throws ProtocolException;
    }

    private static final System.Logger LOG = System.getLogger(Logins.class.getName());

    private ImapLogin() {
    }

    static void run(OAuth2ImapProtocol p, Auth auth) throws ProtocolException {
        LoginAttempt outer = LoginAttempt.current().orElse(null);
        TokenOrigin.reset();
        try (LoginAttempt attempt = LoginAttempt.begin(p.protocol(), p.host(), p.port())) {
            attempt.encryptedWhen(p::isSSL);
            try {
                exchange(p, attempt, auth);
            } catch (ProtocolException e) {
                if (p.isAuthenticated() || attempt.rejection().isEmpty() || !TokenOrigin.wasCached()) {
                    throw e;
                }
                LOG.log(Level.INFO, () -> "the server rejected a cached token (" + attempt.problem().orElse("")
                        + "); logging in once more with a fresh one");
                attempt.retrying();
                TokenOrigin.reset();
                exchange(p, attempt, auth);
            } finally {
                if (p.isAuthenticated()) {
                    attempt.sentToken().ifPresent(p::loggedIn);
                } else if (outer != null) {
                    attempt.problem().ifPresent(outer::fail);
                }
            }
        }
    }

    /** One AUTHENTICATE, its outcome reported: a tagged {@code NO} is the server's refusal, anything else a failure. */
    private static void exchange(OAuth2ImapProtocol p, LoginAttempt attempt, Auth auth) throws ProtocolException {
        try {
            auth.run();
        } catch (ProtocolException e) {
            attempt.ended(false, e instanceof CommandFailedException, e.getMessage());
            throw e;
        }
        attempt.ended(p.isAuthenticated(), true, "the server did not authenticate the session");
    }
}
