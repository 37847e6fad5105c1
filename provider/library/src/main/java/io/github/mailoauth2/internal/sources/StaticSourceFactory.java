package io.github.mailoauth2.internal.sources;

import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.TokenSource;
import io.github.mailoauth2.token.TokenSourceFactory;

/** {@code static}: the password given to {@code connect} is the token. The default without other configuration. */
final class StaticSourceFactory implements TokenSourceFactory {
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
