package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example plug-ins that docs/extending.md quotes ({@code src/plugin}), with no lab: compiled and jarred as a
 * third party ships them, loaded together with mail-oauth2 in a class loader of their own (mail-oauth2 finds
 * plug-ins through its own class loader, as in an application that has both jars), and driven through
 * {@code MailOAuth2.tokenSource} alone, against a token endpoint in this JVM. The excerpts docs/extending.md shows
 * are checked against their files here too.
 */
class ExamplePluginsTest {
    private static final String ALICE = "alice@example.test";

    @TempDir
    Path dir;

    @Test
    void theDirectoryStoreKeepsTheTokensTheEndpointGave() throws Exception {
        Path tokens = dir.resolve("tokens");
        try (TokenEndpointStub endpoint = new TokenEndpointStub(Duration.ZERO, Duration.ofMinutes(10));
             Library app = new Library(ExamplePlugins.jar(dir))) {
            String token = app.token(refreshing(endpoint, "dir:" + tokens, "refresh-0"), ALICE);

            assertThat(endpoint.grants()).hasSize(1);
            TokenEndpointStub.Grant grant = endpoint.grants().get(0);
            assertThat(grant.refreshTokenIn()).isEqualTo("refresh-0");
            assertThat(token).isEqualTo(grant.accessToken());
            Properties saved = properties(tokens.resolve("alice%40example.test.properties"));
            assertThat(saved.getProperty("refresh_token")).as("the rotated refresh token").isEqualTo(grant.refreshTokenOut());
            assertThat(saved.getProperty("access_token")).isEqualTo(token);
            assertThat(saved.getProperty("token_url")).isEqualTo(endpoint.url());
            if (tokens.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokens))).isEqualTo("rwx------");
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                        tokens.resolve("alice%40example.test.properties")))).isEqualTo("rw-------");
            }
        }
    }

    /**
     * Two token sources (two clients) of one application share the directory; one's refresh is slow and holds the
     * account: the other's connect gives up at its 1 s timeout, sending nothing, instead of waiting for it.
     */
    @Test
    void theDirectoryStoresWaitForAnAccountEndsAtTheConnectsTimeout() throws Exception {
        Path tokens = dir.resolve("tokens");
        ExecutorService slowConnect = Executors.newSingleThreadExecutor();
        try (TokenEndpointStub endpoint = new TokenEndpointStub(Duration.ofSeconds(4), Duration.ofMinutes(10));
             Library app = new Library(ExamplePlugins.jar(dir))) {
            Future<String> holding = slowConnect.submit(() -> app.token(refreshing(endpoint, "dir:" + tokens, "refresh-0"), ALICE));
            Path lockFile = tokens.resolve("alice%40example.test.properties.lock");
            while (!Files.exists(lockFile)) {
                assertThat(holding).as("the slow connect is still running").isNotDone();
                Thread.sleep(20);
            }
            Map<String, String> other = refreshing(endpoint, "dir:" + tokens, "refresh-0");
            other.put("mail.oauth2.client-id", "example-app-2");
            other.put("mail.oauth2.timeout", "1");

            assertThatThrownBy(() -> app.token(other, ALICE)).isInstanceOf(IOException.class)
                    .hasMessageContaining("timed out after").hasMessageContaining("waiting for " + lockFile.toAbsolutePath())
                    .hasMessageContaining("held by another thread of this process");
            assertThat(holding.get()).isEqualTo(endpoint.grants().get(0).accessToken());
            assertThat(endpoint.grants()).as("the one that gave up sent nothing").hasSize(1);
        } finally {
            slowConnect.shutdownNow();
        }
    }

    @Test
    void theRefreshTokenComesFromTheDirectoryStore() throws Exception {
        Path tokens = Files.createDirectories(dir.resolve("tokens"));
        // as another program sharing the directory would have left it
        Files.writeString(tokens.resolve("alice%40example.test.properties"),
                "refresh_token=refresh-from-the-directory\nupdated_at=2026-01-01T00:00:00Z\n");
        try (TokenEndpointStub endpoint = new TokenEndpointStub(Duration.ZERO, Duration.ofMinutes(10));
             Library app = new Library(ExamplePlugins.jar(dir))) {
            // no refresh token configured: only the store has one
            String token = app.token(refreshing(endpoint, "dir:" + tokens, null), ALICE);

            assertThat(endpoint.grants()).hasSize(1);
            assertThat(endpoint.grants().get(0).refreshTokenIn()).isEqualTo("refresh-from-the-directory");
            assertThat(token).isEqualTo(endpoint.grants().get(0).accessToken());
        }
    }

    @Test
    void theFileSourceIsTheOneTheConfigurationNames() throws Exception {
        Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, "token-from-a-secrets-mount\n");
        try (Library app = new Library(ExamplePlugins.jar(dir))) {
            String token = app.token(Map.of("mail.oauth2.source", "file", "mail.oauth2.token-file", tokenFile.toString()), ALICE);

            assertThat(token).isEqualTo("token-from-a-secrets-mount");
        }
    }

    @Test
    void theExcerptsInTheGuideAreStillWordForWordInTheirFiles() throws IOException {
        Path root = Path.of(System.getProperty("repo.root", ".."));
        String guide = Files.readString(root.resolve("docs/extending.md"));
        Matcher excerpt = Pattern.compile("<!-- excerpt: (\\S+) -->\n```java\n(.*?)```", Pattern.DOTALL).matcher(guide);
        int excerpts = 0;
        while (excerpt.find()) {
            excerpts++;
            assertThat(Files.readString(root.resolve(excerpt.group(1))))
                    .as("docs/extending.md quotes %s", excerpt.group(1)).contains(excerpt.group(2));
        }
        assertThat(excerpts).as("excerpts found in docs/extending.md").isGreaterThanOrEqualTo(5);
    }

    private static Map<String, String> refreshing(TokenEndpointStub endpoint, String store, String refreshToken) {
        Map<String, String> props = new HashMap<>(Map.of("mail.oauth2.token-url", endpoint.url(),
                "mail.oauth2.client-id", "example-app", "mail.oauth2.store", store));
        if (refreshToken != null) {
            props.put("mail.oauth2.refresh-token", refreshToken);
        }
        return props;
    }

    private static Properties properties(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        return p;
    }

    /**
     * mail-oauth2 with its dependencies and the plug-in jar, in a class loader of their own: one application.
     * Called by reflection, since its classes are not this test's.
     */
    private static final class Library implements AutoCloseable {
        private final URLClassLoader loader;

        Library(Path pluginJar) throws IOException {
            List<URL> urls = new ArrayList<>();
            for (String entry : System.getProperty("provider.classpath").split(File.pathSeparator)) {
                urls.add(Path.of(entry).toUri().toURL());
            }
            urls.add(pluginJar.toUri().toURL());
            loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        }

        /** {@code MailOAuth2.tokenSource("imap", props).token(new TokenRequest(user, "imap", ...), null).value()}. */
        String token(Map<String, String> props, String user) throws Exception {
            Class<?> requestType = loader.loadClass("io.github.mailoauth2.token.TokenRequest");
            Object request = requestType.getConstructor(String.class, String.class, String.class, int.class)
                    .newInstance(user, "imap", "imap.example.test", 993);
            Object source = call(loader.loadClass("io.github.mailoauth2.MailOAuth2"), null, "tokenSource",
                    new Class<?>[] {String.class, Map.class}, "imap", props);
            Object token = call(loader.loadClass("io.github.mailoauth2.token.TokenSource"), source, "token",
                    new Class<?>[] {requestType, char[].class}, request, null);
            return (String) call(token.getClass(), token, "value", new Class<?>[0]);
        }

        private static Object call(Class<?> type, Object target, String method, Class<?>[] parameters, Object... args)
                throws Exception {
            try {
                return type.getMethod(method, parameters).invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }

        /** {@code MailOAuth2.shutdown()}: its refresh threads end, and the loader can go. */
        @Override
        public void close() throws Exception {
            call(loader.loadClass("io.github.mailoauth2.MailOAuth2"), null, "shutdown", new Class<?>[0]);
            loader.close();
        }
    }
}
