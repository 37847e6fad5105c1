package io.github.mailoauth2.internal.store.jdbc;

import io.github.mailoauth2.store.StoredAccount;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A row as an entry and back, its tokens encrypted with a key ({@link TokenCipher}), bound to the row's account,
 * token endpoint and client: whoever can write the table without the key can neither read them nor point them at
 * another endpoint. Under a key, a token that is not encrypted is refused (it was planted, or written before the
 * key: sealing is the migration); tokens encrypted before endpoints were bound are read, and {@link #vouchesFor}
 * says their endpoint is not authenticated. The history columns are metadata, never encrypted.
 */
final class SealedRows {
    private final TokenCipher cipher;
    private final String store;
    /** Per account, the endpoint and client its row authenticated with the key when last read. */
    private final Map<String, String> vouched = new ConcurrentHashMap<>();

    /**
     * @param cipher encrypts tokens, or {@code null} to store them as they are
     * @param store the store for messages
     */
    SealedRows(TokenCipher cipher, String store) {
        this.cipher = cipher;
        this.store = store;
    }

    /** Fails unless a key is set: sealing needs one. */
    void requireKey() throws IOException {
        if (cipher == null) {
            throw new IOException("no store key is set for " + store + ": set mail.oauth2.store-key (or $MAIL_OAUTH2_STORE_KEY)"
                    + " to the key its tokens are to be encrypted with");
        }
    }

    boolean vouchesFor(String account, StoredAccount entry) {
        return cipher == null || endpoint(entry.tokenUrl(), entry.clientId()).equals(vouched.get(account));
    }

    /** Records that {@code entry}'s endpoint is as someone holding the key wrote it (it was just sealed so). */
    void vouch(String account, StoredAccount entry) {
        vouched.put(account, endpoint(entry.tokenUrl(), entry.clientId()));
    }

    private static String endpoint(String tokenUrl, String clientId) {
        return tokenUrl + "\0" + clientId;
    }

    /**
     * The row's entry, its tokens opened; records whether the key authenticated its endpoint ({@link #vouchesFor}).
     *
     * @param layout the columns the select read
     * @param migrating whether tokens in the clear are taken under a key (sealing only)
     */
    StoredAccount entry(String account, ResultSet row, TokenTable.Layout layout, boolean migrating)
            throws SQLException, IOException {
        boolean history = layout.history();
        boolean backoff = layout.backoff();
        String tokenUrl = row.getString("token_url");
        String clientId = row.getString("client_id");
        String refreshToken = row.getString("refresh_token");
        String accessToken = row.getString("access_token");
        StoredAccount entry = new StoredAccount(open(account, "refresh_token", tokenUrl, clientId, refreshToken, migrating),
                open(account, "access_token", tokenUrl, clientId, accessToken, migrating),
                instant(row, "access_token_expires_at"), row.getString("scope"), tokenUrl, clientId, instant(row, "updated_at"),
                history ? instant(row, "refresh_token_issued_at") : null, history ? instant(row, "last_refresh_at") : null,
                history ? row.getString("refusal") : null, backoff ? instant(row, "backoff_until") : null,
                backoff ? row.getString("backoff_cause") : null);
        boolean authenticated = (refreshToken != null || accessToken != null)
                && (refreshToken == null || TokenCipher.bindsEndpoint(refreshToken))
                && (accessToken == null || TokenCipher.bindsEndpoint(accessToken));
        if (authenticated) {
            vouched.put(account, endpoint(tokenUrl, clientId));
        }
        return entry;
    }

    /**
     * Sets {@code next} into {@code update}'s parameters from {@code i + 1} on, in the order of
     * {@link TokenTable.Layout#assignments}, its tokens sealed.
     *
     * @return the index of the last parameter set
     */
    int bind(PreparedStatement update, int i, String account, StoredAccount next, TokenTable.Layout layout)
            throws SQLException, IOException {
        update.setString(++i, seal(account, "refresh_token", next, next.refreshToken()));
        update.setString(++i, seal(account, "access_token", next, next.accessToken()));
        update.setTimestamp(++i, timestamp(next.accessTokenExpiresAt()));
        update.setString(++i, next.scope());
        update.setString(++i, next.tokenUrl());
        update.setString(++i, next.clientId());
        update.setTimestamp(++i, timestamp(next.updatedAt()));
        if (layout.history()) {
            update.setTimestamp(++i, timestamp(next.refreshTokenIssuedAt()));
            update.setTimestamp(++i, timestamp(next.lastRefreshAt()));
            update.setString(++i, cut(next.refusal(), TokenTable.REFUSAL_LENGTH));
        }
        if (layout.backoff()) {
            update.setTimestamp(++i, timestamp(next.backoffUntil()));
            update.setString(++i, cut(next.backoffCause(), TokenTable.BACKOFF_CAUSE_LENGTH));
        }
        return i;
    }

    private static String cut(String text, int length) {
        return text == null || text.length() <= length ? text : text.substring(0, length);
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp t = row.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private String seal(String account, String column, StoredAccount next, String plain) throws IOException {
        if (cipher == null) {
            return plain;
        }
        try {
            return cipher.seal(account, column, next.tokenUrl(), next.clientId(), plain);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot encrypt the " + column + " of " + account + " for " + store + ": " + e.getMessage());
        }
    }

    private String open(String account, String column, String tokenUrl, String clientId, String value, boolean migrating)
            throws IOException {
        if (!TokenCipher.isSealed(value)) {
            if (value != null && cipher != null && !migrating) {
                throw new IOException("the " + column + " of " + account + " in " + store + " is not encrypted although a"
                        + " store key is set: it was written without the key, by someone who may not be trusted with it."
                        + " If the row predates the key, encrypt the table's rows once with: mail-oauth2 accounts --seal"
                        + " (docs/security.md)");
            }
            return value;
        }
        if (cipher == null) {
            throw new IOException("the " + column + " of " + account + " in " + store + " is encrypted, and no key is"
                    + " set: set mail.oauth2.store-key (or $MAIL_OAUTH2_STORE_KEY) to the key it was written with");
        }
        try {
            return cipher.open(account, column, tokenUrl, clientId, value);
        } catch (GeneralSecurityException e) {
            throw new IOException("the " + column + " of " + account + " in " + store + " does not decrypt with the"
                    + " configured store key: it was written with another key, or the row (its token endpoint " + tokenUrl
                    + ", client " + clientId + ") was changed in the table");
        }
    }
}
