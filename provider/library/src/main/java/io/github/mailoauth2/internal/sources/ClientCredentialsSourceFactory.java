package io.github.mailoauth2.internal.sources;

import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.OAuth2Properties;
import io.github.mailoauth2.token.TokenSource;
import io.github.mailoauth2.token.TokenSourceFactory;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * {@code client-credentials}: app-only tokens with the app's own secret, e.g. Microsoft 365 with
 * {@code provider=microsoft}, {@code tenant}, {@code client-id} and {@code client-secret} (scope
 * {@code https://outlook.office365.com/.default}). The mailbox is the user given to {@code connect}.
 */
final class ClientCredentialsSourceFactory implements TokenSourceFactory {
    static final String NAME = "client-credentials";

    private final Executor background;

    ClientCredentialsSourceFactory(Executor background) {
        this.background = background;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TokenSource create(OAuth2Config config) throws IOException {
        Clock clock = Clock.systemUTC();
        config.require(OAuth2Properties.CLIENT_SECRET, "client credentials need the app's secret");
        TokenEndpoint endpoint = TokenEndpoint.of(config, true, clock);
        // one app token serves every mailbox
        return new CachingTokenSource(new ClientCredentialsFetcher(endpoint), RefreshPolicy.configured(config),
                "app:" + endpoint.clientId, clock, background);
    }
}
