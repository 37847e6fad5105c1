/**
 * Where access tokens come from: the token-source SPI, its configuration, and the values passed
 * between the SASL clients and the sources.
 *
 * <p>A {@link io.github.mailoauth2.token.TokenSource} hands out an
 * {@link io.github.mailoauth2.token.AccessToken} for each {@link io.github.mailoauth2.token.TokenRequest}
 * and hears of each {@link io.github.mailoauth2.token.TokenRejection}. A
 * {@link io.github.mailoauth2.token.TokenSourceFactory}, chosen by {@code mail.oauth2.source}, creates
 * it from an {@link io.github.mailoauth2.token.OAuth2Config}; {@link io.github.mailoauth2.token.OAuth2Properties}
 * lists the keys and where they are looked up, and a bad configuration is a
 * {@link io.github.mailoauth2.token.ConfigurationException} that names the key.
 * {@link io.github.mailoauth2.token.ClientAuthentication} is how an OAuth2 client proves itself at
 * the token endpoint. A {@link io.github.mailoauth2.token.TokenEventListener} hears each
 * {@link io.github.mailoauth2.token.TokenEvent}: tokens refreshed, refreshes failed, re-authorizations
 * needed, tokens rejected.
 *
 * <p>A source of one's own is a factory listed in
 * {@code META-INF/services/io.github.mailoauth2.token.TokenSourceFactory}, selected with
 * {@code mail.oauth2.source=vault} here:
 * <pre>{@code
 * public final class VaultSourceFactory implements TokenSourceFactory {
 *     public String name() { return "vault"; }
 *     public Set<String> extraKeys() { return Set.of("vault-path"); }
 *     public TokenSource create(OAuth2Config config) throws IOException {
 *         String path = config.require("vault-path", "the vault source reads the token from that secret");
 *         return (request, connectPassword) -> new AccessToken(Vault.read(path), null);
 *     }
 * }
 * }</pre>
 */
package io.github.mailoauth2.token;
