package io.github.mailoauth2.internal.sources;

import io.github.mailoauth2.internal.TokenOrigin;
import io.github.mailoauth2.token.AccessToken;
import io.github.mailoauth2.token.TokenRejection;
import io.github.mailoauth2.token.TokenRequest;
import io.github.mailoauth2.token.TokenSource;
import java.io.IOException;

/**
 * A token source the application made ({@code MailOAuth2.useTokenSource}). Its tokens count as cached, since the
 * library cannot see whether the application's client fetched them: a rejected one is reported to the source and the
 * login tried once more with another from it, as for a built-in source's cached token.
 */
final class ApplicationTokenSource implements TokenSource {
    private final String name;
    private final TokenSource source;

    ApplicationTokenSource(String name, TokenSource source) {
        this.name = name;
        this.source = source;
    }

    @Override
    public AccessToken token(TokenRequest request, char[] connectPassword) throws IOException {
        AccessToken token = source.token(request, connectPassword);
        if (token == null) {
            throw new IOException("the token source \"" + name + "\" (" + source.getClass().getName()
                    + ") returned no token for " + request.user() + "; it must return one or throw an IOException that says why");
        }
        TokenOrigin.cached();
        return token;
    }

    @Override
    public void rejected(TokenRequest request, AccessToken token, TokenRejection rejection) {
        source.rejected(request, token, rejection);
    }
}
