package example.plugin;

import io.github.mailoauth2.store.TokenStore;
import io.github.mailoauth2.store.TokenStoreFactory;
import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.OAuth2Properties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * A third party's token store, shipped in its own jar: {@code mail.oauth2.store=dir:/path/to/directory} keeps
 * each account's tokens in a file of its own in that directory ({@link DirectoryTokenStore}). Any other location
 * is left to the next store; a plain path ends with the default file store.
 */
public final class DirectoryTokenStoreFactory implements TokenStoreFactory {
    static final String PREFIX = "dir:";

    @Override
    public Optional<TokenStore> open(String location, OAuth2Config config) throws IOException {
        if (!location.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String path = location.substring(PREFIX.length());
        if (path.isBlank()) {
            throw new ConfigurationException(config.where(OAuth2Properties.STORE) + " is \"" + location
                    + "\": give the directory after " + PREFIX + ", e.g. dir:/var/lib/myapp/tokens");
        }
        Path dir;
        try {
            dir = Path.of(path);
        } catch (InvalidPathException e) {
            throw new ConfigurationException(config.where(OAuth2Properties.STORE) + " is \"" + location
                    + "\", which is not a directory path (" + e.getReason() + ")");
        }
        // the tokens are secrets: a new directory only its owner can enter, where the file system knows owners
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
        return Optional.of(new DirectoryTokenStore(dir));
    }
}
