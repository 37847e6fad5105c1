package io.github.mailoauth2.cli;

import io.github.mailoauth2.MailOAuth2;
import io.github.mailoauth2.internal.sources.OAuth2Client;
import io.github.mailoauth2.internal.sources.StoredEndpoint;
import io.github.mailoauth2.store.StoredAccount;
import io.github.mailoauth2.token.AccessToken;
import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.OAuth2Properties;
import io.github.mailoauth2.token.TokenRequest;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * The client options for an account: what was given on the command line, completed with the token
 * endpoint and client id that {@code authorize} stored with the account, so that later commands
 * need only {@code --user} (and the secret, which is never stored).
 */
final class StoredClient {
    private StoredClient() {
    }

    static Map<String, String> properties(ClientOptions client, String user) throws IOException {
        String entry = user == null ? null : entry(client, user);
        return properties(client, entry, entry == null ? Optional.empty() : client.tokenStore().read(entry));
    }

    /**
     * The store entry whose tokens log in as {@code user}: the configured account ({@code --account},
     * {@code mail.oauth2.account}: a delegate's, for a shared mailbox), else {@code user}'s own. Read as it is:
     * a sealed row stays bound to its own account.
     */
    static String entry(ClientOptions client, String user) {
        return account(client).orElse(user);
    }

    /** The configured account ({@code --account}, {@code mail.oauth2.account}, {@code MAIL_OAUTH2_ACCOUNT}), if any. */
    static Optional<String> account(ClientOptions client) {
        return OAuth2Config.of("imap", client.properties()).get(OAuth2Properties.ACCOUNT);
    }

    /**
     * {@link #properties(ClientOptions, String)} for getting {@code user}'s tokens from a source: the one
     * configured anywhere ({@code --source}, {@code -Dmail.oauth2.source}, {@code MAIL_OAUTH2_SOURCE}), else
     * the stored account's refresh token.
     */
    static Map<String, String> sourceProperties(ClientOptions client, String user) throws IOException {
        Map<String, String> props = properties(client, user);
        if (configuredSource(props).isEmpty()) {
            props.put("mail.oauth2." + OAuth2Properties.SOURCE, "refresh-token");
        }
        return props;
    }

    /** The token source that {@code props}, the system properties or the environment name, if any. */
    static Optional<String> configuredSource(Map<String, String> props) {
        return OAuth2Config.of("imap", props).get(OAuth2Properties.SOURCE);
    }

    /**
     * The client options, completed from {@code stored}, the store entry of {@code account}: what {@code authorize}
     * saved with the account. The stored
     * token endpoint only if the store vouches for it ({@link StoredEndpoint#vouched}): the refresh token and the
     * client secret go there.
     */
    static Map<String, String> properties(ClientOptions client, String account, Optional<StoredAccount> stored) throws IOException {
        Map<String, String> props = client.properties();
        if (stored.isPresent() && client.provider == null && client.tokenUrl == null && stored.get().tokenUrl() != null) {
            props.put("mail.oauth2." + OAuth2Properties.TOKEN_URL, StoredEndpoint.vouched(client.tokenStore(), account, stored.get()));
        }
        if (stored.isPresent() && client.clientId == null && stored.get().clientId() != null) {
            props.put("mail.oauth2." + OAuth2Properties.CLIENT_ID, stored.get().clientId());
        }
        if (stored.isPresent() && client.scope == null && client.provider == null && stored.get().scope() != null) {
            props.put("mail.oauth2." + OAuth2Properties.SCOPE, stored.get().scope());
        }
        return props;
    }

    /**
     * A current access token to log in as {@code user}, from the token source the configuration selects: the
     * stored one of its {@link #entry} while it is good, else a refreshed one (saved to the store); or any other
     * configured source ({@code mail.oauth2.source}, e.g. client credentials or a command).
     *
     * <p>A stored token that the refresh-token source would still reuse ({@link OAuth2Client#reusable}, its
     * own rule) is taken straight from the store: the source would hand out the same one, and setting it
     * up costs more start-up than mail programs calling this on every connection should wait for. Everything else goes through the source, under the store's lock.
     *
     * @throws CliFailure if nothing says where the account's tokens come from
     */
    static AccessToken accessToken(ClientOptions client, String user, String host, int port) throws IOException {
        String entry = entry(client, user);
        Optional<StoredAccount> stored = client.tokenStore().read(entry);
        Map<String, String> props = properties(client, entry, stored);
        OAuth2Config config = OAuth2Config.of("imap", props);
        boolean configuredSource = config.get(OAuth2Properties.SOURCE).isPresent();
        Optional<AccessToken> reusable = configuredSource || stored.isEmpty() ? Optional.empty()
                : OAuth2Client.reusable(config, stored.get());
        if (reusable.isPresent()) {
            return reusable.get();
        }
        if (!configuredSource && config.get(OAuth2Properties.PRESET).isEmpty()
                && config.get(OAuth2Properties.PROVIDER).isEmpty() && config.get(OAuth2Properties.TOKEN_URL).isEmpty()) {
            // without any of these the library would take the connect password as the token: there is none here
            throw CliFailure.auth("no account " + entry + " in " + client.tokenStore() + "; authorize it first (mail-oauth2"
                    + " authorize --user " + entry + " ...), or give --provider or --token-url with its refresh token");
        }
        return MailOAuth2.tokenSource("imap", props).token(new TokenRequest(user, "imap", host, port), null);
    }
}
