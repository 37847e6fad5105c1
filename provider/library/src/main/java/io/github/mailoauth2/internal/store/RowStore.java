package io.github.mailoauth2.internal.store;

import io.github.mailoauth2.internal.CommandLineToolkit;
import io.github.mailoauth2.store.StoredAccount;
import java.io.IOException;
import java.util.Map;

/**
 * A store that keeps each account in a row of its own (the database store): one row may fail to read while the
 * others can, and a store key may authenticate what a row says about where its tokens come from.
 */
@CommandLineToolkit
public interface RowStore {
    /**
     * Every account that can be read.
     *
     * @param unreadable receives each account that cannot be read, with why (naming it, never a token)
     * @return the readable accounts by name
     * @throws IOException if the store cannot be read at all
     */
    Map<String, StoredAccount> readAll(Map<String, IOException> unreadable) throws IOException;

    /**
     * Whether the entry's token endpoint and client id are as someone holding the store's key wrote them,
     * and not as anyone else who can write the table would like them: the condition for sending the entry's
     * refresh token (and a client secret) there when no configuration names the endpoint.
     */
    boolean vouchesFor(String account, StoredAccount entry);

    /**
     * The explicit migration to a store key: encrypts the tokens of rows written without it, and authenticates
     * the endpoint of rows whose tokens were encrypted before endpoints were, as the rows say them now.
     *
     * @param failed receives each account that could not be sealed, with why
     * @return the accounts sealed, as they now read
     * @throws IOException if no store key is set, or the store cannot be read at all
     */
    Map<String, StoredAccount> seal(Map<String, IOException> failed) throws IOException;
}
