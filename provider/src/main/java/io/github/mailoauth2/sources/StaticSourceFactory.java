package io.github.mailoauth2.sources;

import io.github.mailoauth2.token.ConnectPasswordTokenSource;
import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.TokenSource;

/** {@code static}: the password given to {@code connect} is the token. The default without other configuration. */
public final class StaticSourceFactory implements io.github.mailoauth2.token.TokenSourceFactory {
    static final String NAME = "static";
    private static final TokenSource SOURCE = new ConnectPasswordTokenSource();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TokenSource create(OAuth2Config config) {
        return SOURCE;
    }
}
