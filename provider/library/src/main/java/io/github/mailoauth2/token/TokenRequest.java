package io.github.mailoauth2.token;

import java.util.Objects;

/**
 * What a SASL client knows when it needs a token: which account, for which protocol and server.
 *
 * @param user the login name given to {@code connect} (for Gmail and Microsoft 365, the mailbox address)
 * @param protocol the JavaMail protocol name: {@code imap}, {@code imaps}, {@code smtp}, {@code smtps},
 *        {@code pop3} or {@code pop3s}
 * @param host the mail server's host name
 * @param port the mail server's port
 */
public record TokenRequest(String user, String protocol, String host, int port) {
    /**
     * A request as a SASL client makes it.
     *
     * @param user the login name
     * @param protocol the JavaMail protocol name
     * @param host the server's host name
     * @param port the server's port
     * @throws NullPointerException if {@code user}, {@code protocol} or {@code host} is {@code null}
     */
    public TokenRequest {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(host, "host");
    }
}
