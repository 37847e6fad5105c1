package io.github.mailoauth2.it;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs an example application in its own JVM, the way it would run in production: its own class
 * path (the provider jar dropped next to Angus Mail or javax.mail), its properties file, the token
 * as its password. Its output is kept under {@code target/it-output} for {@link LeakScanIT}.
 */
final class AppRun {
    /** What our SASL clients log at DEBUG when they send a token: the proof that they, not Angus, logged in. */
    static final String OUR_CLIENT_LOGGED_IN = "(client io.github.mailoauth2.internal.sasl.";

    private static final AtomicInteger RUNS = new AtomicInteger();

    private final MailApi api;
    private final JavaMail javaMail;
    private final Properties props = new Properties();
    private final List<String> jvmArgs = new ArrayList<>();
    private final java.util.Map<String, String> environment = new java.util.HashMap<>();
    private String mainClass;
    private boolean providerOnClassPath = true;
    private final List<String> extraJars = new ArrayList<>();
    private List<String> classPathOverride;
    private String password = "";
    private java.time.Duration timeout = java.time.Duration.ofSeconds(90);
    private Path javaHome = Path.of(System.getProperty("java.home"));

    AppRun(MailApi api) {
        this(api.implementation());
    }

    /** The application on {@code javaMail}: the provider jar, its dependencies and the adapters for it next to it. */
    AppRun(JavaMail javaMail) {
        this.api = javaMail.api;
        this.javaMail = javaMail;
        this.mainClass = api.mainClass;
        props.setProperty("mail.imap.connectiontimeout", "10000");
        props.setProperty("mail.imap.timeout", "20000");
        props.setProperty("mail.smtp.connectiontimeout", "10000");
        props.setProperty("mail.smtp.timeout", "20000");
    }

    AppRun set(String key, String value) {
        props.setProperty(key, value);
        return this;
    }

    /** IMAP at {@code port} with SASL limited to {@code mechanism}: the properties a user adds, nothing else. */
    AppRun imap(String protocol, int port, String mechanism) {
        return set("app.imap.protocol", protocol).set("app.imap.host", Lab.HOST).set("app.imap.port", String.valueOf(port))
                .set("mail." + protocol + ".sasl.enable", "true").set("mail." + protocol + ".sasl.mechanisms", mechanism);
    }

    /** POP3 at {@code port}: Angus has no SASL here; its XOAUTH2 mechanism is what a user selects. */
    AppRun pop3(String protocol, int port) {
        return set("app.pop3.protocol", protocol).set("app.pop3.host", Lab.HOST).set("app.pop3.port", String.valueOf(port))
                .set("mail." + protocol + ".auth.mechanisms", "XOAUTH2");
    }

    AppRun smtp(String protocol, int port, String mechanism) {
        return set("app.smtp.protocol", protocol).set("app.smtp.host", Lab.HOST).set("app.smtp.port", String.valueOf(port))
                .set("mail." + protocol + ".auth", "true")
                .set("mail." + protocol + ".sasl.enable", "true").set("mail." + protocol + ".sasl.mechanisms", mechanism);
    }

    AppRun user(String user, String password) {
        this.password = password;
        return set("app.user", user);
    }

    /** An environment variable of the application's process, where users keep secrets such as a keystore's password. */
    AppRun env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    AppRun jvmArg(String arg) {
        jvmArgs.add(arg);
        return this;
    }

    AppRun mainClass(String mainClass) {
        this.mainClass = mainClass;
        return this;
    }

    /** The JDK the application runs on (the tests' own unless set). */
    AppRun javaHome(Path javaHome) {
        this.javaHome = javaHome;
        return this;
    }

    /** How long the application may run before the test fails (90 s unless a test runs it longer on purpose). */
    AppRun timeout(java.time.Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /** Another jar next to the application's, e.g. a third party's token source. */
    AppRun extraJar(Path jar) {
        extraJars.add(jar.toString());
        return this;
    }

    /** For the agent route: the jar reaches the JVM through {@code -javaagent:} only. */
    AppRun withoutProviderOnClassPath() {
        providerOnClassPath = false;
        return this;
    }

    /**
     * Instead of the provider jar, its dependencies, the adapters and the mail library's jars: exactly these entries
     * after the application's classes (e.g. the shaded plugin jar and Angus Mail, or the command line's jar alone).
     */
    AppRun classPathOverride(List<String> entries) {
        classPathOverride = List.copyOf(entries);
        return this;
    }

    static String providerJar() {
        return System.getProperty("jar.provider");
    }

    Result run(String... args) throws IOException, InterruptedException {
        return start(args).result();
    }

    /** Starts the application and returns at once, for tests that run several side by side or kill one. */
    Started start(String... args) throws IOException {
        Path outDir = Path.of(System.getProperty("it.output", "target/it-output"));
        Files.createDirectories(outDir);
        int n = RUNS.incrementAndGet();
        Path propsFile = Files.createTempFile("mailapp-", ".properties");
        try (OutputStream out = Files.newOutputStream(propsFile)) {
            props.store(out, null);
        }
        Path logging = outDir.resolve("logging.properties");
        Files.writeString(logging, "handlers=java.util.logging.ConsoleHandler\n"
                + "java.util.logging.ConsoleHandler.level=ALL\n"
                + "io.github.mailoauth2.internal.sasl.level=ALL\n"
                + "io.github.mailoauth2.MailOAuth2.level=ALL\n");
        List<String> command = new ArrayList<>(List.of(javaHome.resolve("bin/java").toString(),
                "-Djava.util.logging.config.file=" + logging,
                "-Djavax.net.ssl.trustStore=" + Lab.truststore(), "-Djavax.net.ssl.trustStorePassword=changeit"));
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", classPath(), mainClass, propsFile.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(outDir.resolve("run-" + n + ".out").toFile())
                .redirectError(outDir.resolve("run-" + n + ".err").toFile());
        builder.environment().putAll(environment);
        builder.environment().put("APP_PASSWORD", password);
        return new Started(builder.start(), outDir.resolve("run-" + n), propsFile, timeout, String.join(" ", args));
    }

    /** A running application: {@link #result()} waits for it (up to its timeout) and reads its output. */
    record Started(Process process, Path output, Path propsFile, java.time.Duration timeout, String args) {
        Result result() throws IOException, InterruptedException {
            try {
                if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("the application did not finish in " + timeout.toSeconds() + " s: " + args);
                }
            } finally {
                Files.deleteIfExists(propsFile);
            }
            return new Result(process.exitValue(),
                    Files.readString(Path.of(output + ".out"), StandardCharsets.UTF_8),
                    Files.readString(Path.of(output + ".err"), StandardCharsets.UTF_8));
        }
    }

    private String classPath() throws IOException {
        List<String> entries = new ArrayList<>();
        if (api == MailApi.JAVAX) {
            entries.add(javaxApp().toString());
        }
        try {
            entries.add(Path.of(AppRun.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (classPathOverride != null) {
            entries.addAll(classPathOverride);
            entries.addAll(extraJars);
            return String.join(java.io.File.pathSeparator, entries);
        }
        for (String entry : System.getProperty("provider.classpath").split(java.io.File.pathSeparator)) {
            if (providerOnClassPath || !entry.equals(providerJar())) {
                entries.add(entry);
            }
        }
        entries.addAll(javaMail.adapterJar());
        entries.addAll(javaMail.jars());
        entries.addAll(extraJars);
        return String.join(java.io.File.pathSeparator, entries);
    }

    /**
     * The javax.mail application: the Angus one's source with {@code jakarta.mail} imports made {@code javax.mail},
     * compiled against javax.mail 1.6 whenever the source is newer. It uses only the API that every javax.mail
     * version has, so the one compiled copy runs on each. One source, two mail APIs.
     */
    private static synchronized Path javaxApp() throws IOException {
        Path classes = Path.of(System.getProperty("app.javax.classes", "target/javax-app-classes"));
        Path source = Path.of(System.getProperty("app.sources", "src/test/java"), "example/jakartaapp/MailApp.java");
        Path compiled = classes.resolve("example/javaxapp/MailApp.class");
        if (Files.exists(compiled) && Files.getLastModifiedTime(compiled).compareTo(Files.getLastModifiedTime(source)) > 0) {
            return classes;
        }
        Path javaxSource = Files.createDirectories(classes.resolveSibling("javax-app-sources/example/javaxapp")).resolve("MailApp.java");
        Files.writeString(javaxSource, Files.readString(source)
                .replace("package example.jakartaapp;", "package example.javaxapp;")
                .replace("import jakarta.mail.", "import javax.mail."));
        Files.createDirectories(classes);
        int status = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                "-cp", String.join(java.io.File.pathSeparator, JavaMail.JAVAX_MAIL_1_6.jars()), javaxSource.toString());
        if (status != 0) {
            throw new IllegalStateException("could not compile the javax.mail application from " + source);
        }
        return classes;
    }

    /** What the application printed: {@code out} has its result lines, {@code err} our DEBUG log. */
    record Result(int exitCode, String out, String err) {
        boolean ourClientLoggedIn() {
            return err.contains(OUR_CLIENT_LOGGED_IN);
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
