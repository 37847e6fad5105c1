package io.github.mailoauth2.internal.sources;

import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.TokenSourceFactory;
import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * What the built-in sources that fetch tokens share: a name, the registry's refresh threads and
 * event sink, and a {@link CachingTokenSource} in front of their fetcher.
 */
abstract class CachedSourceFactory implements TokenSourceFactory {
    private final String name;
    private final Executor background;
    private final TokenEvents.Sink events;

    CachedSourceFactory(String name, Executor background, TokenEvents events) {
        this.name = name;
        this.background = background;
        this.events = events.sink(name);
    }

    @Override
    public final String name() {
        return name;
    }

    /**
     * The cache in front of {@code fetcher}, refreshing as {@code config}'s {@code refresh-margin} says.
     *
     * @param account the account every user shares, or {@code null} to key the cache by the connect user
     */
    final CachingTokenSource cached(OAuth2Config config, CachingTokenSource.Fetcher fetcher, String account, Clock clock)
            throws ConfigurationException {
        return cached(fetcher, RefreshPolicy.configured(config), account, clock);
    }

    final CachingTokenSource cached(CachingTokenSource.Fetcher fetcher, RefreshPolicy policy, String account, Clock clock) {
        return new CachingTokenSource(fetcher, policy, account, clock, background, events);
    }
}
