package io.github.mailoauth2.internal.sources;

import io.github.mailoauth2.token.AccessToken;
import io.github.mailoauth2.token.TokenRequest;
import io.github.mailoauth2.token.TokenSource;
import java.io.IOException;

/**
 * The token is the password given to {@code connect}: what JavaMail's own XOAUTH2 support does,
 * and what applications that fetch tokens themselves expect.
 */
public final class ConnectPasswordTokenSource implements TokenSource {

    @Override
    public AccessToken token(TokenRequest request, char[] connectPassword) throws IOException {
        if (connectPassword == null || connectPassword.length == 0 || new String(connectPassword).isBlank()) {
            throw new IOException("no access token for " + request.user() + ": the password passed to connect() is empty."
                    + " Pass the access token as the password, or configure a token source (see docs/configuration.md)");
        }
        return new AccessToken(new String(connectPassword), null);
    }
}
