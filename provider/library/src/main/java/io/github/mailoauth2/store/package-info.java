/**
 * Where OAuth2 accounts' tokens are kept between connections and between runs: the token-store SPI.
 *
 * <p>A {@link io.github.mailoauth2.store.TokenStore} keeps one
 * {@link io.github.mailoauth2.store.StoredAccount} per account name; its Javadoc gives the rules
 * that keep a rotated refresh token from being lost. The default store is an owner-only JSON file
 * ({@code mail.oauth2.store=/path/to/tokens.json}); a database store is built in
 * ({@code mail.oauth2.store=jdbc:...}, or an application's {@code DataSource}:
 * {@link io.github.mailoauth2.MailOAuth2#useDataSource}). Another kind of store (a secret manager, say)
 * implements {@code TokenStore} and lists a {@link io.github.mailoauth2.store.TokenStoreFactory}
 * in {@code META-INF/services/io.github.mailoauth2.store.TokenStoreFactory} that accepts its
 * locations, here {@code mail.oauth2.store=vault:...}:
 * <pre>{@code
 * public final class VaultStoreFactory implements TokenStoreFactory {
 *     public Optional<TokenStore> open(String location, OAuth2Config config) throws IOException {
 *         return location.startsWith("vault:") ? Optional.of(new VaultTokenStore(location)) : Optional.empty();
 *     }
 * }
 * }</pre>
 */
package io.github.mailoauth2.store;
