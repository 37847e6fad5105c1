package io.github.mailoauth2.internal.sources;

import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.OAuth2Properties;
import io.github.mailoauth2.token.TokenSource;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * {@code google-service-account}: a Google Workspace service account with domain-wide delegation
 * reaches every mailbox of the domain with no user's consent and nothing stored: {@code service-account-file}
 * names its JSON key, the mailbox is the user given to {@code connect}, scope {@code https://mail.google.com/}.
 * One token per mailbox is cached.
 */
final class GoogleServiceAccountSourceFactory extends CachedSourceFactory {
    static final String NAME = "google-service-account";
    static final String GMAIL_SCOPE = "https://mail.google.com/";

    GoogleServiceAccountSourceFactory(Executor background, TokenEvents events) {
        super(NAME, background, events);
    }

    @Override
    public TokenSource create(OAuth2Config config) throws IOException {
        Clock clock = Clock.systemUTC();
        ServiceAccountKey key = ServiceAccountKey.read(config);
        String url = config.get(OAuth2Properties.TOKEN_URL)
                .orElse(key.tokenUri() != null ? key.tokenUri() : ServiceAccountKey.GOOGLE_TOKEN_URL);
        TokenEndpoint.checkUrl(config, OAuth2Properties.TOKEN_URL, url);
        // the assertion authenticates the request: no client credentials, and the scope goes in its claims
        TokenEndpoint endpoint = new TokenEndpoint(url, key.clientEmail(), (tokenUrl, form, headers) -> { }, null,
                config.seconds(OAuth2Properties.TIMEOUT, RefreshPolicy.DEFAULT_TIMEOUT), clock, HttpTransports.of(config));
        String scope = config.get(OAuth2Properties.SCOPE).orElse(GMAIL_SCOPE);
        return cached(config, new GoogleServiceAccountFetcher(endpoint, key, scope, clock),
                config.get(OAuth2Properties.ACCOUNT).orElse(null), clock);
    }
}
