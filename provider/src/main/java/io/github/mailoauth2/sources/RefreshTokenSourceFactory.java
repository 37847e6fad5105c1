package io.github.mailoauth2.sources;

import io.github.mailoauth2.store.TokenStore;
import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.OAuth2Properties;
import io.github.mailoauth2.token.TokenSource;
import io.github.mailoauth2.token.TokenSourceFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * {@code refresh-token}: access tokens from a refresh token kept in the token store, for any OAuth2
 * token endpoint ({@code token-url}) or a preset ({@code provider=google|microsoft|yahoo}); public
 * clients leave {@code client-secret} unset.
 */
public final class RefreshTokenSourceFactory implements TokenSourceFactory {
    static final String NAME = "refresh-token";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TokenSource create(OAuth2Config config) throws IOException {
        Clock clock = Clock.systemUTC();
        TokenEndpoint endpoint = TokenEndpoint.of(config, false, clock);
        TokenStore store = new TokenStore(config.get(OAuth2Properties.STORE).map(Path::of).orElseGet(TokenStore::defaultPath));
        RefreshTokenFetcher fetcher = new RefreshTokenFetcher(endpoint, store,
                config.get(OAuth2Properties.REFRESH_TOKEN).orElse(null), CachingTokenSource.margin(config), clock);
        return CachingTokenSource.configured(config, fetcher, config.get(OAuth2Properties.ACCOUNT).orElse(null), clock);
    }
}
