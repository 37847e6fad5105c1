package io.github.mailoauth2.internal.sources;

import io.github.mailoauth2.internal.CommandLineToolkit;
import io.github.mailoauth2.internal.store.RowStore;
import io.github.mailoauth2.store.StoredAccount;
import io.github.mailoauth2.store.TokenStore;
import io.github.mailoauth2.token.ConfigurationException;
import java.io.IOException;

/**
 * Where a stored account's refresh token may be sent. What a store says is trusted only as far as what protects
 * it: an owner-only file, or a database store's key. So the endpoint a stored account is refreshed at is the
 * configured one, which must be the endpoint stored with the account ({@link #checked}), or, when nothing is
 * configured (the command line's {@code --user} alone), the stored one if the store vouches for it ({@link #vouched}).
 */
@CommandLineToolkit
public final class StoredEndpoint {
    private StoredEndpoint() {
    }

    /**
     * The token endpoint stored with {@code account}, for a command that configures none.
     *
     * @throws IOException if the store does not vouch for it: a database store whose key did not authenticate it
     */
    public static String vouched(TokenStore store, String account, StoredAccount stored) throws IOException {
        if (store instanceof RowStore rows && !rows.vouchesFor(account, stored)) {
            throw new IOException("the token endpoint stored with " + account + " in " + store + " (" + stored.tokenUrl()
                    + ", client " + stored.clientId() + ") is not authenticated by the store key: it was saved by a release"
                    + " that did not bind it, or changed by someone without the key. If it is right, give it once"
                    + " (--token-url " + stored.tokenUrl() + "; the next save binds it), or bind every row's as it reads now:"
                    + " mail-oauth2 accounts --seal (docs/security.md)");
        }
        return stored.tokenUrl();
    }

    /**
     * Refuses to send {@code stored}'s refresh token to {@code url} when it is stored for another endpoint; an
     * entry that names none is refreshed at the configured one.
     *
     * @throws ConfigurationException naming both endpoints if they differ
     */
    static void check(String account, StoredAccount stored, String url) throws ConfigurationException {
        if (stored.tokenUrl() != null && !stored.tokenUrl().equals(url)) {
            throw new ConfigurationException("the refresh token of " + account + " is stored for the token endpoint "
                    + stored.tokenUrl() + ", and the configured one is " + url + ": not sending it there. Configure "
                    + stored.tokenUrl() + ", or authorize " + account + " again at " + url);
        }
    }
}
