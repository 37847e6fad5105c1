package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailoauth2.store.StoredAccount;
import io.github.mailoauth2.internal.store.FileTokenStore;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
 */
class PluginJarIT {
    private static final String ALICE = "alice@example.test";
    /** Packages that must exist only relocated under io/github/mailoauth2/shaded/, never referenced by their own names. */
    private static final List<String> RELOCATED = List.of("com/google/gson/", "com/google/api/client/", "com/google/common/",
            "com/google/thirdparty/", "io/opencensus/", "io/grpc/", "io/opentelemetry/opencensusshim/");

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
        StoredAccount saved = new FileTokenStore(store).read(ALICE).orElseThrow();
        Secrets.remember(saved.refreshToken());
        Secrets.remember(saved.accessToken());
        assertThat(saved.refreshToken()).isNotNull().isNotEqualTo(first);
        // the token request went through the relocated Google client, loaded from the plugin jar
        List<String> loaded = Files.readAllLines(classes);
        String jarName = Path.of(pluginJar()).getFileName().toString();
        // (OpenCensus and gRPC's context: what Google's HTTP client loads by name, and falls back from, survived minimizing)
        for (String shaded : List.of("io.github.mailoauth2.shaded.google.api.client.http.HttpRequest",
                "io.github.mailoauth2.shaded.gson.Gson", "io.github.mailoauth2.shaded.opencensus.trace.Tracing",
                "io.github.mailoauth2.shaded.grpc.Context")) {
            assertThat(loaded).as(shaded).anyMatch(line -> line.contains("] " + shaded + " source: ") && line.endsWith(jarName));
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
                    String slashed = utf8.replace('.', '/');
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

    /** What `authorize` does: a real login at Keycloak, its refresh token saved in the store. */
    private static String authorize(Path store) throws Exception {
        String refreshToken = Lab.keycloakLogin(ALICE, Lab.KC_APP, Lab.KC_APP_SECRET).get("refresh_token").getAsString();
        new FileTokenStore(store).locked(ALICE, tx -> {
            tx.save(new StoredAccount(refreshToken, null, null, null, null, null, Instant.now()));
            return null;
        });
        return refreshToken;
    }

    private static AppRun refreshing(Path store, String tokenUrl) {
        return app(MailApi.JAKARTA).imap("imap", Lab.KC_IMAP, "XOAUTH2").user(ALICE, "dummy")
                .set("mail.oauth2.token-url", tokenUrl)
                .set("mail.oauth2.client-id", Lab.KC_APP)
                .set("mail.oauth2.client-secret", Lab.KC_APP_SECRET)
                .set("mail.oauth2.store", store.toString());
    }
}
