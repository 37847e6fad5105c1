package io.github.mailoauth2.internal.store;

import io.github.mailoauth2.internal.CommandLineToolkit;
import io.github.mailoauth2.store.TokenStore;
import io.github.mailoauth2.store.TokenStoreFactory;
import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.OAuth2Properties;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

/** Opens the store that {@code mail.oauth2.store} names: a plug-in's, else the file store. */
@CommandLineToolkit
public final class TokenStores {
    /** A URI scheme of two or more characters: one letter and a colon is a Windows drive. */
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+:");

    private TokenStores() {
    }

    /** The configured store; the file store at its default path if none is configured. */
    public static TokenStore open(OAuth2Config config) throws IOException {
        Optional<String> location = config.get(OAuth2Properties.STORE);
        if (location.isEmpty()) {
            return new FileTokenStore(StorePaths.defaultPath());
        }
        for (TokenStoreFactory factory : ServiceLoader.load(TokenStoreFactory.class, TokenStores.class.getClassLoader())) {
            Optional<TokenStore> store = factory.open(location.get(), config);
            if (store.isPresent()) {
                return store.get();
            }
        }
        if (SCHEME.matcher(location.get()).lookingAt()) {
            // a file named "jdbc:postgresql:..." is never what was meant
            throw new ConfigurationException(config.where(OAuth2Properties.STORE) + " is a \"" + location.get()
                    .substring(0, location.get().indexOf(':')) + ":\" location, and no token store plug-in on the class"
                    + " path accepts it; add the plug-in's jar, or give a file path");
        }
        return file(config, location.get());
    }

    private static TokenStore file(OAuth2Config config, String location) throws IOException {
        try {
            Path path = Path.of(location);
            if (path.getFileName() == null) {
                throw new ConfigurationException(config.where(OAuth2Properties.STORE)
                        + " is \"" + location + "\", which names no file; give the token store's file, e.g. "
                        + StorePaths.defaultPath());
            }
            return new FileTokenStore(path);
        } catch (InvalidPathException e) {
            throw new ConfigurationException(config.where(OAuth2Properties.STORE)
                    + " is not a file path (" + e.getReason() + ") and no token store plug-in accepts it");
        }
    }
}
