package example.plugin;

import io.github.mailoauth2.token.AccessToken;
import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.TokenSource;
import io.github.mailoauth2.token.TokenSourceFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * A third party's token source, shipped in its own jar: {@code mail.oauth2.source=file} reads the
 * token from the file {@code mail.oauth2.token-file} names (as a secrets mount would provide it).
 * TokenSourceIT compiles and jars it at test time, so nothing of it is on mail-oauth2's class path.
 */
public final class FileTokenSourceFactory implements TokenSourceFactory {
    @Override
    public String name() {
        return "file";
    }

    @Override
    public Set<String> extraKeys() {
        return Set.of("token-file");
    }

    @Override
    public TokenSource create(OAuth2Config config) throws IOException {
        Path file = Path.of(config.require("token-file", "the file source reads the token from it"));
        return (request, connectPassword) -> new AccessToken(Files.readString(file).strip(), null);
    }
}
