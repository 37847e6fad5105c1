package io.github.mailoauth2.cli;

import io.github.mailoauth2.MailOAuth2;
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
        Map<String, String> props = client.properties();
        Optional<StoredAccount> stored = user == null ? Optional.empty() : client.tokenStore().read(user);
        if (stored.isPresent() && client.provider == null && client.tokenUrl == null && stored.get().tokenUrl() != null) {
            props.put("mail.oauth2." + OAuth2Properties.TOKEN_URL, stored.get().tokenUrl());
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
     * A current access token of {@code user}, from the token source the configuration selects: the
     * stored one while it is good, else a refreshed one (saved to the store); or any other configured
     * source ({@code mail.oauth2.source}, e.g. client credentials or a command).
     *
     * @throws CliFailure if nothing says where the account's tokens come from
     */
    static AccessToken accessToken(ClientOptions client, String user, String host, int port) throws IOException {
        Map<String, String> props = properties(client, user);
        OAuth2Config config = OAuth2Config.of("imap", props);
        if (config.get(OAuth2Properties.SOURCE).isEmpty() && config.get(OAuth2Properties.PROVIDER).isEmpty()
                && config.get(OAuth2Properties.TOKEN_URL).isEmpty()) {
            // without any of these the library would take the connect password as the token: there is none here
            throw CliFailure.auth("no account " + user + " in " + client.store + "; authorize it first (mail-oauth2"
                    + " authorize --user " + user + " ...), or give --provider or --token-url with its refresh token");
        }
        return MailOAuth2.tokenSource("imap", props).token(new TokenRequest(user, "imap", host, port), null);
    }
}
