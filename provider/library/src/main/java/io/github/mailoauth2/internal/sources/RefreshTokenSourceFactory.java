package io.github.mailoauth2.internal.sources;

import io.github.mailoauth2.internal.store.TokenStores;
import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.OAuth2Properties;
import io.github.mailoauth2.token.TokenSource;
import io.github.mailoauth2.token.TokenSourceFactory;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * {@code refresh-token}: access tokens from a refresh token kept in the token store, for any OAuth2
 * token endpoint ({@code token-url}) or a preset ({@code provider=google|microsoft|yahoo}); public
 * clients leave {@code client-secret} unset.
 */
final class RefreshTokenSourceFactory implements TokenSourceFactory {
    static final String NAME = "refresh-token";

    private final Executor background;
    private final TokenEvents.Sink events;

    RefreshTokenSourceFactory(Executor background, TokenEvents events) {
        this.background = background;
        this.events = events.sink(NAME);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TokenSource create(OAuth2Config config) throws IOException {
        Clock clock = Clock.systemUTC();
        TokenEndpoint endpoint = TokenEndpoint.of(config, false, clock);
        RefreshPolicy policy = RefreshPolicy.configured(config);
        RefreshTokenFetcher fetcher = new RefreshTokenFetcher(endpoint, TokenStores.open(config),
                config.get(OAuth2Properties.REFRESH_TOKEN).orElse(null), policy, clock);
        return new CachingTokenSource(fetcher, policy, config.get(OAuth2Properties.ACCOUNT).orElse(null), clock, background, events);
    }
}
