package io.github.mailoauth2.token;

import java.io.IOException;
import java.util.Set;

/**
 * Creates token sources by name. Implementations are found with {@link java.util.ServiceLoader}:
 * a jar that lists its factory in {@code META-INF/services/io.github.mailoauth2.token.TokenSourceFactory}
 * adds a source that users pick with {@code mail.oauth2.source=<name>}. When two factories claim one
 * name, the first on the class path wins and a WARNING names both.
 *
 * <p>mail-oauth2 creates one source per distinct configuration and shares it between all connections
 * and sessions that use that configuration, so a source may keep a cache.
 */
public interface TokenSourceFactory {

    /**
     * The name that selects this factory.
     *
     * @return the value users give in {@code mail.oauth2.source}, e.g. {@code refresh-token}
     */
    String name();

    /**
     * The configuration keys this source reads beyond {@link OAuth2Properties#ALL}; any other key
     * under an {@code oauth2} prefix is reported as a misspelling. None by default.
     *
     * @return the extra keys, without prefix
     */
    default Set<String> extraKeys() {
        return Set.of();
    }

    /**
     * Creates the source. Called on the first connect that needs a token.
     *
     * @param config the configuration of the connection that needs it, for the protocol it uses
     * @return the source, shared by every connection with an equal configuration
     *
     * @throws ConfigurationException if a key is missing or wrong: the message names the key
     * @throws IOException if the source cannot be set up for another reason
     */
    TokenSource create(OAuth2Config config) throws IOException;
}
