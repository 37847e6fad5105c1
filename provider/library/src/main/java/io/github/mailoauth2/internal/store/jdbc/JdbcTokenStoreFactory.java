package io.github.mailoauth2.internal.store.jdbc;

import io.github.mailoauth2.internal.runtime.LibraryRuntime;
import io.github.mailoauth2.store.TokenStore;
import io.github.mailoauth2.store.TokenStoreFactory;
import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.OAuth2Properties;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * Opens {@link JdbcTokenStore}s: {@code jdbc:…} locations through the driver on the class path, with
 * {@code store-user} and {@code store-password} if set, and {@code datasource:NAME} locations through a
 * data source the application registered ({@code MailOAuth2.useDataSource}, kept by {@link LibraryRuntime}).
 * {@code store-key} turns encryption on; {@code timeout} bounds every connect and statement.
 */
public final class JdbcTokenStoreFactory implements TokenStoreFactory {
    static final String DATA_SOURCE = "datasource:";
    /** The token requests' default {@code timeout}, which the store's operations share. */
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** For the {@link java.util.ServiceLoader}. */
    public JdbcTokenStoreFactory() {
    }

    @Override
    public Optional<TokenStore> open(String location, OAuth2Config config) throws ConfigurationException {
        if (location.startsWith(DATA_SOURCE)) {
            String name = location.substring(DATA_SOURCE.length());
            JdbcTokenStore.Connections connections = () -> {
                DataSource dataSource = LibraryRuntime.current().dataSource(name);
                if (dataSource == null) {
                    throw new SQLException("no data source is registered as \"" + name
                            + "\": call MailOAuth2.useDataSource(\"" + name + "\", dataSource) at start-up");
                }
                return dataSource.getConnection();
            };
            return Optional.of(new JdbcTokenStore(connections, location, cipher(config), timeout(config),
                    message -> StoreUrls.redact(message, null, List.of())));
        }
        if (!location.startsWith("jdbc:")) {
            return Optional.empty();
        }
        Properties credentials = new Properties();
        config.get(OAuth2Properties.STORE_USER).ifPresent(user -> credentials.setProperty("user", user));
        config.get(OAuth2Properties.STORE_PASSWORD).ifPresent(password -> credentials.setProperty("password", password));
        List<String> secrets = new ArrayList<>(StoreUrls.passwords(location));
        config.get(OAuth2Properties.STORE_PASSWORD).ifPresent(secrets::add);
        Duration timeout = timeout(config);
        // the driver's own connect and login timeouts differ by driver, and PostgreSQL's default is none
        JdbcTokenStore.Connections driver = new TimedConnections(() -> DriverManager.getConnection(location, credentials), timeout);
        return Optional.of(new JdbcTokenStore(driver, StoreUrls.name(location), cipher(config), timeout,
                message -> StoreUrls.redact(message, location, secrets)));
    }

    /** {@code timeout}, at least a second: JDBC's query timeouts count whole seconds, and 0 means none. */
    private static Duration timeout(OAuth2Config config) throws ConfigurationException {
        Duration timeout = config.seconds(OAuth2Properties.TIMEOUT, DEFAULT_TIMEOUT);
        return timeout.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : timeout;
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
