package io.github.mailoauth2.internal.angus;

import io.github.mailoauth2.internal.sasl.LoginAttempt;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;

/**
 * Runs a store's or transport's connect inside a {@link LoginAttempt}, and when the token was
 * rejected or could not be had, says why in the {@link AuthenticationFailedException}: JavaMail reports only the server's
 * last line on IMAP and a bare "failed to connect" on SMTP.
 */
final class Logins {
    /** The superclass's {@code protocolConnect}. */
    interface Connect {
        boolean connect() throws MessagingException;
    }

    private Logins() {
    }

    static boolean connect(int port, Connect connect) throws MessagingException {
        try (LoginAttempt attempt = LoginAttempt.begin(port)) {
            boolean connected;
            try {
                connected = connect.connect();
            } catch (AuthenticationFailedException e) {
                String problem = attempt.problem().orElse(null);
                if (problem == null) {
                    throw e;
                }
                throw new AuthenticationFailedException(e.getMessage() + " [" + problem + "]", e);
            }
            if (!connected && attempt.problem().isPresent()) {
                throw new AuthenticationFailedException(attempt.problem().get());
            }
            return connected;
        }
    }
}
