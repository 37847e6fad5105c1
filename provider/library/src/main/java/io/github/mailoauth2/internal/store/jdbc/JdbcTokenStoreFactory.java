package io.github.mailoauth2.internal.store.jdbc;

import io.github.mailoauth2.store.TokenStore;
import io.github.mailoauth2.store.TokenStoreFactory;
import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.OAuth2Properties;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Opens {@link JdbcTokenStore}s: {@code jdbc:…} locations through the driver on the class path, with
 * {@code store-user} and {@code store-password} if set, and {@code datasource:NAME} locations through a
 * data source the application registered ({@link io.github.mailoauth2.MailOAuth2#useDataSource}).
 * {@code store-key} turns encryption on.
 */
public final class JdbcTokenStoreFactory implements TokenStoreFactory {
    static final String DATA_SOURCE = "datasource:";
    /** {@code //user:password@} in a URL. */
    private static final Pattern USER_INFO = Pattern.compile("//[^/@?;]*@");
    private static final Map<String, DataSource> DATA_SOURCES = new ConcurrentHashMap<>();

    /** For the {@link java.util.ServiceLoader}. */
    public JdbcTokenStoreFactory() {
    }

    /** Registers (or with {@code null}, removes) the data source that {@code datasource:NAME} selects. */
    public static void register(String name, DataSource dataSource) {
        Objects.requireNonNull(name, "name");
        if (dataSource == null) {
            DATA_SOURCES.remove(name);
        } else {
            DATA_SOURCES.put(name, dataSource);
        }
    }

    /** Forgets every registered data source, so that none keeps an undeployed application's classes. */
    public static void clear() {
        DATA_SOURCES.clear();
    }

    @Override
    public Optional<TokenStore> open(String location, OAuth2Config config) throws ConfigurationException {
        if (location.startsWith(DATA_SOURCE)) {
            String name = location.substring(DATA_SOURCE.length());
            JdbcTokenStore.Connections connections = () -> {
                DataSource dataSource = DATA_SOURCES.get(name);
                if (dataSource == null) {
                    throw new SQLException("no data source is registered as \"" + name
                            + "\": call MailOAuth2.useDataSource(\"" + name + "\", dataSource) at start-up");
                }
                return dataSource.getConnection();
            };
            return Optional.of(new JdbcTokenStore(connections, location, cipher(config)));
        }
        if (!location.startsWith("jdbc:")) {
            return Optional.empty();
        }
        Properties credentials = new Properties();
        config.get(OAuth2Properties.STORE_USER).ifPresent(user -> credentials.setProperty("user", user));
        config.get(OAuth2Properties.STORE_PASSWORD).ifPresent(password -> credentials.setProperty("password", password));
        return Optional.of(new JdbcTokenStore(() -> DriverManager.getConnection(location, credentials),
                withoutCredentials(location), cipher(config)));
    }

    /** The URL up to its parameters ({@code ?…}, {@code ;…}), without {@code user:password@}: safe in messages. */
    static String withoutCredentials(String url) {
        String base = url.split("[?;]", 2)[0];
        return USER_INFO.matcher(base).replaceFirst("//");
    }

    private static TokenCipher cipher(OAuth2Config config) throws ConfigurationException {
        Optional<String> key = config.get(OAuth2Properties.STORE_KEY);
        if (key.isEmpty()) {
            return null;
        }
        TokenCipher cipher = TokenCipher.fromBase64(key.get());
        if (cipher == null) {
            throw new ConfigurationException(config.where(OAuth2Properties.STORE_KEY) + " must be 32 random bytes in"
                    + " base64 (e.g. the output of: head -c 32 /dev/urandom | base64)");
        }
        return cipher;
    }
}
