package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailoauth2.internal.store.FileTokenStore;
import io.github.mailoauth2.internal.store.TokenStores;
import io.github.mailoauth2.store.StoredAccount;
import io.github.mailoauth2.store.TokenStore;
import io.github.mailoauth2.token.OAuth2Config;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The drop-in {@code mail-oauth2-plugin-<version>.jar}: the library with Gson, Google's OAuth and HTTP
 * clients, Guava, OpenCensus and gRPC's context relocated inside it. An unmodified application gets that
 * one jar next to its mail library and nothing else (no Gson, no Google jar on its class path), and logs
 * in: with the token as its password, with refresh tokens from Keycloak (the relocated Google client and
 * Gson at work, and the token sources found through ServiceLoader), and through {@code -javaagent:}.
 *
 * <p>ProGuard has removed every member of the relocated libraries that nothing calls directly (proguard.conf), so
 * each path that reaches them by reflection runs here with the plugin jar: token responses parsed onto
 * {@code @Key} fields, RS256 client assertions and service-account assertions built from {@code @Key} headers
 * and claims, and a refresh with the JDBC store (and its AES-GCM encryption) in PostgreSQL.
 */
class PluginJarIT {
    private static final String ALICE = "alice@example.test";
    /** Packages that must exist only relocated under io/github/mailoauth2/shaded/, never referenced by their own names. */
    private static final List<String> RELOCATED = List.of("com/google/gson/", "com/google/api/client/", "com/google/common/",
            "com/google/thirdparty/", "io/opencensus/", "io/grpc/", "io/opentelemetry/opencensusshim/");
    /** Names under a relocated package that are no class: google-http-client's system property keeps its name (issue 18). */
    private static final List<String> KEPT = List.of("com.google.api.client.should_use_proxy");

    @TempDir
    Path dir;

    static String pluginJar() {
        return System.getProperty("jar.plugin");
    }

    /** The plugin jar and the mail library's jars, nothing else after the application's classes. */
    private static AppRun app(MailApi api) {
        List<String> classPath = new ArrayList<>(List.of(pluginJar()));
        classPath.addAll(api.implementation().jars());
        return new AppRun(api).classPathOverride(classPath);
    }

    @ParameterizedTest
    @EnumSource(MailApi.class)
    void theTokenAsThePassword(MailApi api) throws Exception {
        String user = Lab.newUser();

        AppRun.Result r = app(api).imap("imap", Lab.IMAP, "XOAUTH2").user(user, Lab.mockToken(user)).run("imap");

        assertThat(r.exitCode()).as(r::toString).isZero();
        assertThat(r.out()).startsWith("IMAP OK " + api.implementation().adapters.packagePrefix);
        assertThat(r.ourClientLoggedIn()).as(r::toString).isTrue();
    }

    @Test
    void refreshTokensFromKeycloakThroughTheRelocatedLibraries() throws Exception {
        Path store = dir.resolve("tokens.json");
        String first = authorize(store);
        Path classes = dir.resolve("classes.log");

        try (CountingProxy keycloak = new CountingProxy(Lab.KC_OIDC + "/token")) {
            AppRun.Result r = refreshing(store, keycloak.url()).jvmArg("-Xlog:class+load=info:file=" + classes).run("imap");

            assertThat(r.exitCode()).as(r::toString).isZero();
            assertThat(r.ourClientLoggedIn()).as(r::toString).isTrue();
            assertThat(keycloak.requests()).isEqualTo(1);
        }
        // the relocated Gson wrote the store that the library's unshaded TokenStore reads: Keycloak's rotated token
        assertThat(rememberSaved(new FileTokenStore(store), ALICE)).isNotNull().isNotEqualTo(first);
        // the token request went through the relocated Google client, loaded from the plugin jar
        // (OpenCensus and gRPC's context: what Google's HTTP client loads by name, and falls back from, survived minimizing)
        assertLoadedFromThePluginJar(classes, "io.github.mailoauth2.shaded.google.api.client.http.HttpRequest",
                "io.github.mailoauth2.shaded.gson.Gson", "io.github.mailoauth2.shaded.opencensus.trace.Tracing",
                "io.github.mailoauth2.shaded.grpc.Context");
    }

    /**
     * private_key_jwt: client credentials with a key and certificate, no secret. The RS256 assertion is
     * google-http-client's JsonWebSignature, whose header and claims are written from their {@code @Key} fields;
     * Keycloak's signed-JWT authenticator takes it (the assertion's audience is the token endpoint, so no relay
     * counts here: the proof is the service-account user's mailbox, which only a token from this client opens),
     * and the application sends over SMTP and reads the message back over IMAP.
     */
    @Test
    void aSignedClientAssertionOverSmtpAndImap() throws Exception {
        Path classes = dir.resolve("classes.log");
        String subject = "plugin signed assertion " + UUID.randomUUID();
        try (SignedJwtClient client = SignedJwtClient.register(dir, "it-plugin-jwt")) {
            AppRun.Result r = client.withKey(app(MailApi.JAKARTA)).user(client.mailbox, "dummy")
                    .imap("imap", Lab.KC_IMAP, "XOAUTH2").smtp("smtp", Lab.KC_SUBMISSION, "XOAUTH2")
                    .jvmArg("-Xlog:class+load=info:file=" + classes).run("steps", "send:" + subject, "await:" + subject);

            assertThat(r.exitCode()).as(r::toString).isZero();
            assertThat(r.out()).contains("send OK ", "await OK ");
            assertThat(r.ourClientLoggedIn()).as(r::toString).isTrue();
        }
        assertLoadedFromThePluginJar(classes, "io.github.mailoauth2.shaded.google.api.client.json.webtoken.JsonWebSignature",
                "io.github.mailoauth2.internal.sources.SignedJwt");
    }

    /**
     * The JDBC store in the lab's PostgreSQL, encrypted with {@code store-key}: the application reads the refresh
     * token from the row, refreshes at Keycloak (counted by a relay) and writes Keycloak's rotated token back,
     * AES-GCM encrypted. The PostgreSQL driver is the only jar next to the plugin's and the mail library's.
     */
    @Test
    void refreshTokensFromAnEncryptedJdbcStore() throws Exception {
        String account = "plugin-" + UUID.randomUUID();
        Map<String, String> jdbc = Postgres.store();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        jdbc.put("mail.oauth2.store-key", Base64.getEncoder().encodeToString(key));
        jdbc.put("mail.oauth2.account", account);
        TokenStore store = TokenStores.open(OAuth2Config.of("imap", jdbc));
        try {
            String first = authorize(store, account);

            try (CountingProxy keycloak = new CountingProxy(Lab.KC_OIDC + "/token")) {
                AppRun app = refreshing(Postgres.URL, keycloak.url()).extraJar(Path.of(System.getProperty("jar.postgresql")));
                jdbc.forEach(app::set);
                AppRun.Result r = app.run("imap");

                assertThat(r.exitCode()).as(r::toString).isZero();
                assertThat(r.ourClientLoggedIn()).as(r::toString).isTrue();
                assertThat(keycloak.requests()).isEqualTo(1);
            }
            assertThat(rememberSaved(store, account)).isNotEqualTo(first);
            try (Connection c = Postgres.connect();
                 PreparedStatement select = c.prepareStatement("SELECT refresh_token FROM mail_oauth2_tokens WHERE account = ?")) {
                select.setString(1, account);
                try (ResultSet row = select.executeQuery()) {
                    assertThat(row.next()).isTrue();
                    assertThat(row.getString(1)).as("the row the application wrote").startsWith("aes-gcm2:");
                }
            }
        } finally {
            store.remove(account);
        }
    }

    /**
     * {@code source=google-service-account}: domain-wide delegation with a Google-shaped JSON key whose
     * {@code token_uri} is the lab's mock-oauth2-server (through a counting relay). Its JWT-bearer grant copies the
     * assertion's claims into the token, so the token's {@code sub} is the mailbox that the assertion, built from
     * google-http-client's {@code @Key} claims, asked for; Dovecot logs it in as that mailbox.
     */
    @Test
    void aGoogleServiceAccountForTheMailbox() throws Exception {
        String user = Lab.newUser();
        try (CountingProxy mock = new CountingProxy(Lab.MOCK_TOKEN_URL)) {
            AppRun.Result r = app(MailApi.JAKARTA).imap("imap", Lab.IMAP, "XOAUTH2").user(user, "dummy")
                    .set("mail.oauth2.source", "google-service-account")
                    .set("mail.oauth2.service-account-file", ServiceAccountKeyFile.write(dir, mock.url()).toString())
                    .run("imap");

            assertThat(r.exitCode()).as(r::toString).isZero();
            assertThat(r.ourClientLoggedIn()).as(r::toString).isTrue();
            assertThat(mock.requests()).isEqualTo(1);
        }
    }

    /**
     * Each class was loaded from the plugin jar (a {@code -Xlog:class+load} file), and none of the relocated libraries
     * by its original name.
     */
    private static void assertLoadedFromThePluginJar(Path classLoadLog, String... classes) throws IOException {
        List<String> loaded = Files.readAllLines(classLoadLog);
        String jarName = Path.of(pluginJar()).getFileName().toString();
        for (String name : classes) {
            assertThat(loaded).as(name).anyMatch(line -> line.contains("] " + name + " source: ") && line.endsWith(jarName));
        }
        assertThat(loaded).noneMatch(line -> line.matches(".*\\] (com\\.google|io\\.opencensus|io\\.grpc|picocli)\\..*"));
    }

    /**
     * OpenCensus (inside Google's HTTP client) looks for OpenTelemetry's OpenCensus shim by name. An application
     * that has the shim must not break the relocated copy: the shim implements the original OpenCensus
     * interfaces, and OpenCensus would fail on it instead of falling back to its no-op tracer.
     */
    @Test
    void anOpenTelemetryShimInTheApplicationIsNotPickedUp() throws Exception {
        Path store = dir.resolve("tokens.json");
        authorize(store);
        Path shim = Files.createDirectories(dir.resolve("shim/io/opentelemetry/opencensusshim"));
        for (String name : List.of("OpenTelemetryTraceComponentImpl", "OpenTelemetryContextManager")) {
            Files.writeString(shim.resolve(name + ".java"), "package io.opentelemetry.opencensusshim;\n"
                    + "public final class " + name + " {\n}\n");
        }
        Path shimClasses = Files.createDirectories(dir.resolve("shim-classes"));
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", shimClasses.toString(),
                shim.resolve("OpenTelemetryTraceComponentImpl.java").toString(),
                shim.resolve("OpenTelemetryContextManager.java").toString())).as("compiling the stand-in shim").isZero();

        AppRun.Result r = refreshing(store, Lab.KC_OIDC + "/token").extraJar(shimClasses).run("imap");

        assertThat(r.exitCode()).as(r::toString).isZero();
        assertThat(r.ourClientLoggedIn()).as(r::toString).isTrue();
        Secrets.remember(new FileTokenStore(store).read(ALICE).orElseThrow().refreshToken());
    }

    @Test
    void asAJavaAgent() throws Exception {
        String user = Lab.newUser();
        AppRun.Result r = new AppRun(MailApi.JAKARTA).classPathOverride(JavaMail.ANGUS_2.jars())
                .jvmArg("-Dmailoauth2.autoinstall=false").jvmArg("-javaagent:" + pluginJar())
                .imap("imap", Lab.IMAP, "XOAUTH2").user(user, Lab.mockToken(user)).run("imap");

        assertThat(r.exitCode()).as(r::toString).isZero();
        assertThat(r.ourClientLoggedIn()).as(r::toString).isTrue();
    }

    @Test
    void theJarHoldsOurClassesOnlyWithTheLibrariesRelocated() throws IOException {
        List<String> outside = new ArrayList<>();
        List<String> unrelocated = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (JarFile jar = new JarFile(pluginJar())) {
            Attributes manifest = jar.getManifest().getMainAttributes();
            assertThat(manifest.getValue("Premain-Class")).isEqualTo("io.github.mailoauth2.internal.agent.MailOAuth2Agent");
            assertThat(manifest.getValue("Agent-Class")).isEqualTo("io.github.mailoauth2.internal.agent.MailOAuth2Agent");
            assertThat(manifest.getValue("Main-Class")).isNull();
            for (JarEntry entry : Collections.list(jar.entries())) {
                String name = entry.getName();
                names.add(name);
                if (!name.startsWith("io/github/mailoauth2/") && !name.startsWith("META-INF/") && !name.equals("io/")
                        && !name.equals("io/github/")) {
                    outside.add(name);
                }
                if (name.endsWith(".class")) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        for (String reference : unrelocatedReferences(in.readAllBytes())) {
                            unrelocated.add(name + " -> " + reference);
                        }
                    }
                }
            }
            // every JavaMail's adapters are listed; javax.mail 1.5's file stays out (Jakarta Mail would read it too)
            assertThat(new String(jar.getInputStream(jar.getEntry("META-INF/services/jakarta.mail.Provider"))
                    .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                    .contains("io.github.mailoauth2.internal.angus.MailOAuth2Provider$Imap",
                            "io.github.mailoauth2.internal.sunjakarta.MailOAuth2Provider$Imap");
            assertThat(new String(jar.getInputStream(jar.getEntry("META-INF/services/javax.mail.Provider"))
                    .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                    .contains("io.github.mailoauth2.internal.javax.MailOAuth2Provider$Imap");
            assertThat(jar.getEntry("META-INF/javamail.providers")).isNull();
        }
        assertThat(outside).as("entries outside io/github/mailoauth2/ and META-INF/").isEmpty();
        assertThat(unrelocated).as("references to libraries by their original names").isEmpty();
        assertThat(names).as("the command line stays out").noneMatch(name -> name.startsWith("io/github/mailoauth2/cli/"))
                .as("no module descriptor, no signature").noneMatch(name -> name.endsWith("module-info.class")
                        || name.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)"))
                .contains("io/github/mailoauth2/shaded/gson/Gson.class",
                        "io/github/mailoauth2/shaded/google/api/client/auth/oauth2/RefreshTokenRequest.class",
                        "io/github/mailoauth2/shaded/google/api/client/json/gson/GsonFactory.class",
                        "io/github/mailoauth2/internal/agent/MailOAuth2Agent.class",
                        "io/github/mailoauth2/internal/javax/MailOAuth2Provider.class");
    }

    /**
     * Class names, descriptors and string constants in a class file's constant pool that name a relocated
     * library by its original name (a reference the relocation missed), or picocli.
     */
    private static List<String> unrelocatedReferences(byte[] classFile) throws IOException {
        List<String> found = new ArrayList<>();
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        in.skipBytes(8);
        int count = in.readUnsignedShort();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> {
                    String utf8 = in.readUTF();
                    String slashed = KEPT.contains(utf8) ? "" : utf8.replace('.', '/');
                    for (String pkg : RELOCATED) {
                        if (slashed.startsWith(pkg) || slashed.contains("L" + pkg) || slashed.startsWith("[L" + pkg)) {
                            found.add(utf8);
                        }
                    }
                    if (slashed.startsWith("picocli/") || slashed.contains("Lpicocli/")) {
                        found.add(utf8);
                    }
                }
                case 7, 8, 16, 19, 20 -> in.skipBytes(2);
                case 15 -> in.skipBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                case 5, 6 -> {
                    in.skipBytes(8);
                    i++;
                }
                default -> throw new IOException("constant pool tag " + tag);
            }
        }
        return found;
    }

    /** What `authorize` does: a real login at Keycloak as alice, its refresh token saved in the file store. */
    private static String authorize(Path store) throws Exception {
        return authorize(new FileTokenStore(store), ALICE);
    }

    /** A real login at Keycloak as alice, its refresh token saved in {@code store} for {@code account}. */
    private static String authorize(TokenStore store, String account) throws Exception {
        String refreshToken = Lab.keycloakLogin(ALICE, Lab.KC_APP, Lab.KC_APP_SECRET).get("refresh_token").getAsString();
        store.locked(account, tx -> {
            tx.save(new StoredAccount(refreshToken, null, null, null, null, null, Instant.now()));
            return null;
        });
        return refreshToken;
    }

    /** The refresh token that the application saved for {@code account}, its tokens remembered for the leak scan. */
    private static String rememberSaved(TokenStore store, String account) throws IOException {
        StoredAccount saved = store.read(account).orElseThrow();
        if (saved.accessToken() != null) {
            Secrets.remember(saved.accessToken());
        }
        return Secrets.remember(saved.refreshToken());
    }

    private static AppRun refreshing(Path store, String tokenUrl) {
        return refreshing(store.toString(), tokenUrl);
    }

    /** Alice's login at the Keycloak-checked Dovecot, her refresh token from {@code store} (a file or a {@code jdbc:} URL). */
    private static AppRun refreshing(String store, String tokenUrl) {
        return app(MailApi.JAKARTA).imap("imap", Lab.KC_IMAP, "XOAUTH2").user(ALICE, "dummy")
                .set("mail.oauth2.token-url", tokenUrl)
                .set("mail.oauth2.client-id", Lab.KC_APP)
                .set("mail.oauth2.client-secret", Lab.KC_APP_SECRET)
                .set("mail.oauth2.store", store);
    }
}
