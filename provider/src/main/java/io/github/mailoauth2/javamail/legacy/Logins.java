package io.github.mailoauth2.javamail.legacy;

import io.github.mailoauth2.sasl.LoginAttempt;
import javax.mail.AuthenticationFailedException;
import javax.mail.MessagingException;

/**
 * The {@code javax.mail} twin of {@code io.github.mailoauth2.javamail.Logins}: the same steps on
 * the legacy API's own exception types.
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
