package io.github.mailoauth2.store;

import io.github.mailoauth2.token.OAuth2Config;
import java.io.IOException;
import java.util.Optional;

/**
 * Opens token stores of one kind, chosen by the value of {@code mail.oauth2.store}. Implementations
 * are found with {@link java.util.ServiceLoader}: a jar lists its factory in
 * {@code META-INF/services/io.github.mailoauth2.store.TokenStoreFactory}. The first factory that
 * accepts a location gets it; a location no factory accepts is a file path, for the default file store.
 */
public interface TokenStoreFactory {

    /**
     * Opens the store at {@code location} if it is of this factory's kind.
     *
     * @param location the configured {@code store} value, e.g. {@code jdbc:postgresql://db/mail}
     * @param config the rest of the configuration, for settings the store needs
     * @return the store, or empty if {@code location} is not of this factory's kind
     * @throws IOException if the location is of this kind but the store cannot be opened; the
     *         message names the location (without credentials) and what to do
     */
    Optional<TokenStore> open(String location, OAuth2Config config) throws IOException;
}
