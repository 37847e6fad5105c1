package io.github.mailoauth2.internal.sources;

import io.github.mailoauth2.internal.store.TokenStores;
import io.github.mailoauth2.store.TokenStore;
import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.OAuth2Properties;
import io.github.mailoauth2.token.TokenSource;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * {@code refresh-token}: access tokens from a refresh token kept in the token store, for any OAuth2
 * token endpoint ({@code token-url}) or a preset ({@code provider=google|microsoft|yahoo}); public
 * clients leave {@code client-secret} unset.
 */
final class RefreshTokenSourceFactory extends CachedSourceFactory {
    static final String NAME = "refresh-token";

    private final KeepAliveScans keepAlives;

    RefreshTokenSourceFactory(Executor background, TokenEvents events, KeepAlive.Scheduler scheduler) {
        super(NAME, background, events);
        this.keepAlives = new KeepAliveScans(scheduler);
    }

    @Override
    public TokenSource create(OAuth2Config config) throws IOException {
        Clock clock = Clock.systemUTC();
        TokenEndpoint endpoint = TokenEndpoint.of(config, false, clock);
        RefreshPolicy policy = RefreshPolicy.configured(config);
        TokenStore store = TokenStores.open(config);
        RefreshTokenFetcher fetcher = new RefreshTokenFetcher(endpoint, store,
                config.get(OAuth2Properties.REFRESH_TOKEN).orElse(null), policy, clock);
        CachingTokenSource source = cached(fetcher, policy, config.get(OAuth2Properties.ACCOUNT).orElse(null), clock);
        Optional<Duration> keepAlive = KeepAlive.configured(config);
        if (keepAlive.isPresent()) {
            keepAlives.add(store, new KeepAlive(endpoint, source, keepAlive.get(), clock));
        }
        return source;
    }
}
