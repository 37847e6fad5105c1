package io.github.mailoauth2.cli;

import io.github.mailoauth2.store.StoredAccount;
import io.github.mailoauth2.token.OAuth2Properties;
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
}
