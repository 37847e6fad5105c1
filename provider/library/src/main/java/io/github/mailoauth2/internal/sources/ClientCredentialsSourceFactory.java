package io.github.mailoauth2.internal.sources;

import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.OAuth2Properties;
import io.github.mailoauth2.token.TokenSource;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * {@code client-credentials}: app-only tokens with the app's own secret or key, e.g. Microsoft 365
 * with {@code provider=microsoft}, {@code tenant}, {@code client-id} and {@code client-secret} or
 * {@code client-key} and {@code client-certificate} (scope {@code https://outlook.office365.com/.default}).
 * The mailbox is the user given to {@code connect}.
 */
final class ClientCredentialsSourceFactory extends CachedSourceFactory {
    static final String NAME = "client-credentials";

    ClientCredentialsSourceFactory(Executor background, TokenEvents events) {
        super(NAME, background, events);
    }

    @Override
    public TokenSource create(OAuth2Config config) throws IOException {
        Clock clock = Clock.systemUTC();
        if (config.get(OAuth2Properties.CLIENT_SECRET).isEmpty() && !ClientKey.configured(config)
                && !ClientAuthentications.assertionConfigured(config)) {
            throw new ConfigurationException(config.where(OAuth2Properties.CLIENT_SECRET) + " is not set; client credentials"
                    + " need the app's secret, or its private key (" + OAuth2Properties.CLIENT_KEY + " or "
                    + OAuth2Properties.CLIENT_KEYSTORE + ") for a signed assertion, or a federated one ("
                    + OAuth2Properties.CLIENT_ASSERTION_FILE + " or " + OAuth2Properties.CLIENT_ASSERTION_COMMAND + ")");
        }
        TokenEndpoint endpoint = TokenEndpoint.of(config, true, clock);
        // one app token serves every mailbox
        return cached(config, new ClientCredentialsFetcher(endpoint), "app:" + endpoint.clientId, clock);
    }
}
