package io.github.mailoauth2.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The JavaMail implementations applications still run, each with the jars it needs at run time. The build copies them
 * to {@code target/javamail/<directory>/} (the versions are pinned in it-tests' pom.xml).
 */
enum JavaMail {
    ANGUS_2("Angus Mail %s", MailApi.JAKARTA, "angus-2", "angus-mail-", Adapters.ANGUS, true),
    /** org.eclipse.angus:jakarta.mail 2: the API and Angus Mail 2 in one jar, as Spring Boot 3.2+ ships it. */
    ANGUS_2_ONE_JAR("Angus Mail %s (one jar)", MailApi.JAKARTA, "angus-2-one-jar", "jakarta.mail-", Adapters.ANGUS, true),
    /** org.eclipse.angus:jakarta.mail, the API and {@code com.sun.mail} classes in one jar. */
    ANGUS_1("Angus Mail %s", MailApi.JAKARTA, "angus-1", "jakarta.mail-", Adapters.SUN_JAKARTA, true),
    JAKARTA_MAIL_2_0("Jakarta Mail %s", MailApi.JAKARTA, "jakarta-mail-2.0", "jakarta.mail-", Adapters.SUN_JAKARTA, true),
    /** com.sun.mail:jakarta.mail 1.6: the javax.mail API under the Jakarta name. */
    JAKARTA_MAIL_1_6("jakarta.mail %s", MailApi.JAVAX, "jakarta-mail-1.6", "jakarta.mail-", Adapters.JAVAX, true),
    JAVAX_MAIL_1_6("javax.mail %s", MailApi.JAVAX, "javax-mail-1.6", "javax.mail-", Adapters.JAVAX, false),
    JAVAX_MAIL_1_5("javax.mail %s", MailApi.JAVAX, "javax-mail-1.5", "javax.mail-", Adapters.JAVAX, false),
    /** Not served by mail-oauth2: applications on it must run as if our jar were not there. */
    JAVAX_MAIL_1_4("javax.mail %s", MailApi.JAVAX, "javax-mail-1.4", "mail-", Adapters.NONE, false);

    /** The three compilations of mail-oauth2's adapters (their package, the jar besides the library's that has them), or none. */
    enum Adapters {
        ANGUS("io.github.mailoauth2.internal.angus.", null),
        SUN_JAKARTA("io.github.mailoauth2.internal.sunjakarta.", "jar.sun-jakarta-adapters"),
        JAVAX("io.github.mailoauth2.internal.javax.", "jar.javax-adapters"),
        NONE(null, null);

        /** The package with its trailing dot, as in a class name the application prints. */
        final String packagePrefix;
        private final String jarProperty;

        Adapters(String packagePrefix, String jarProperty) {
            this.packagePrefix = packagePrefix;
            this.jarProperty = jarProperty;
        }
    }

    final MailApi api;
    final Adapters adapters;
    /** Whether its POP3 store has XOAUTH2 ({@code mail.pop3.auth.mechanisms}), which our POP3 adapter builds on. */
    final boolean pop3Xoauth2;
    /** Its name, {@code %s} standing for the version. */
    private final String name;
    private final String directory;
    private final String mailJarPrefix;

    JavaMail(String name, MailApi api, String directory, String mailJarPrefix, Adapters adapters, boolean pop3Xoauth2) {
        this.name = name;
        this.api = api;
        this.directory = directory;
        this.mailJarPrefix = mailJarPrefix;
        this.adapters = adapters;
        this.pop3Xoauth2 = pop3Xoauth2;
    }

    /** Its jars: the mail API and implementation, and the activation jars its pom declares. */
    List<String> jars() {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("javamail.dir", "target/javamail"), directory))) {
            return files.map(Path::toString).filter(file -> file.endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("the build copies each implementation's jars to target/javamail/", e);
        }
    }

    /** The mail-oauth2 jar with the adapters for it, besides the library's own (none for Angus Mail 2). */
    List<String> adapterJar() {
        return adapters.jarProperty == null ? List.of() : List.of(System.getProperty(adapters.jarProperty));
    }

    /** Its name with the version of the jar in use, e.g. "Angus Mail 2.0.5". */
    @Override
    public String toString() {
        String jar = jars().stream().map(path -> Path.of(path).getFileName().toString())
                .filter(file -> file.startsWith(mailJarPrefix) && Character.isDigit(file.charAt(mailJarPrefix.length())))
                .findFirst().orElseThrow(() -> new IllegalStateException("no " + mailJarPrefix + "*.jar in target/javamail/" + directory));
        return String.format(name, jar.substring(mailJarPrefix.length(), jar.length() - ".jar".length()));
    }
}
