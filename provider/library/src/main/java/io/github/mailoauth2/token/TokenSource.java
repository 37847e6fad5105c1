package io.github.mailoauth2.token;

import java.io.IOException;

/**
 * Hands the SASL clients an access token each time a mail connection authenticates.
 *
 * <p>The SASL client asks for a token inside the SASL exchange, once per connection, never
 * earlier, so a long-running application always sends a current token. When the server rejects
 * the token, the client calls {@link #rejected} so that the source can drop it and fetch a new
 * one next time. Implementations must be thread-safe: pooled connections authenticate concurrently.
 */
public interface TokenSource {

    /**
     * Returns a token valid for the account and server in {@code request}.
     *
     * @param request the account, protocol and server that need the token
     * @param connectPassword the password the application passed to {@code connect}; sources that
     *        fetch tokens themselves ignore it
     * @return the token to send to the server; a source may hand the same token to many connections
     * @throws IOException if no token can be had; the message must say why and what to do, and
     *         must never contain a token or secret
     */
    AccessToken token(TokenRequest request, char[] connectPassword) throws IOException;

    /**
     * Tells the source that the server rejected {@code token}. The default does nothing.
     *
     * @param request the request the token was obtained for
     * @param token the rejected token
     * @param rejection the server's reason
     */
    default void rejected(TokenRequest request, AccessToken token, TokenRejection rejection) {
    }
}
