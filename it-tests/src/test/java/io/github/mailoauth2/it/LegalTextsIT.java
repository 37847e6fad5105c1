package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The jars that bundle other authors' libraries (the drop-in jar, the command line's jar) carry the project's
 * LICENSE and NOTICE and a META-INF/THIRD-PARTY.txt that names every library whose classes are inside: a library
 * added to a jar without being listed, or classes of a library this test does not know, fail it. No servers.
 */
class LegalTextsIT {
    /** Where each bundled library's classes are, in either jar, and its coordinates as THIRD-PARTY.txt names them. */
    private static final Map<String, String> LIBRARIES = new LinkedHashMap<>();

    static {
        String shaded = "io/github/mailoauth2/shaded/";
        LIBRARIES.put(shaded + "gson/", "com.google.code.gson:gson:");
        LIBRARIES.put(shaded + "google/api/client/auth/", "com.google.oauth-client:google-oauth-client:");
        LIBRARIES.put(shaded + "google/api/client/json/gson/", "com.google.http-client:google-http-client-gson:");
        LIBRARIES.put(shaded + "google/api/client/", "com.google.http-client:google-http-client:");
        LIBRARIES.put(shaded + "guava/common/util/concurrent/internal/", "com.google.guava:failureaccess:");
        LIBRARIES.put(shaded + "guava/", "com.google.guava:guava:");
        LIBRARIES.put(shaded + "opencensus/contrib/http/", "io.opencensus:opencensus-contrib-http-util:");
        LIBRARIES.put(shaded + "opencensus/", "io.opencensus:opencensus-api:");
        LIBRARIES.put(shaded + "grpc/", "io.grpc:grpc-context:");
        LIBRARIES.put("picocli/", "info.picocli:picocli:");
        LIBRARIES.put("org/eclipse/angus/mail/", "org.eclipse.angus:angus-mail:");
        LIBRARIES.put("org/eclipse/angus/activation/", "org.eclipse.angus:angus-activation:");
        LIBRARIES.put("jakarta/mail/", "jakarta.mail:jakarta.mail-api:");
        LIBRARIES.put("jakarta/activation/", "jakarta.activation:jakarta.activation-api:");
    }

    @Test
    void theDropInJarListsWhatItBundles() throws IOException {
        Set<String> bundled = checkJar(Path.of(System.getProperty("jar.plugin")));
        assertThat(bundled).contains("com.google.code.gson:gson:", "com.google.oauth-client:google-oauth-client:")
                .doesNotContain("org.eclipse.angus:angus-mail:", "jakarta.mail:jakarta.mail-api:");
    }

    @Test
    void theCommandLineJarListsWhatItBundlesAndTheEclipseTexts() throws IOException {
        Path jar = Path.of(System.getProperty("jar.cli"));
        Set<String> bundled = checkJar(jar);
        assertThat(bundled).contains("info.picocli:picocli:", "org.eclipse.angus:angus-mail:", "jakarta.mail:jakarta.mail-api:");
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            assertThat(text(zip, "META-INF/LICENSE.md")).contains("Eclipse Public License - v 2.0",
                    "Redistribution and use in source and binary forms"); // EPL-2.0 (mail), EDL-1.0 (activation)
            assertThat(text(zip, "META-INF/NOTICE.md")).contains("Jakarta Mail");
        }
    }

    /** Checks the legal texts of a jar; returns the libraries found in it. */
    private static Set<String> checkJar(Path jar) throws IOException {
        Path license = Path.of("..", "LICENSE"); // the tests run in it-tests/
        Set<String> bundled = new TreeSet<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            assertThat(text(zip, "META-INF/LICENSE")).as("META-INF/LICENSE of %s", jar).isEqualTo(Files.readString(license));
            assertThat(text(zip, "META-INF/NOTICE")).as("META-INF/NOTICE of %s", jar)
                    .startsWith("mail-oauth2\n").contains("THIRD-PARTY.txt");
            String thirdParty = text(zip, "META-INF/THIRD-PARTY.txt");
            Set<String> unknown = new TreeSet<>();
            for (ZipEntry entry : Collections.list(zip.entries())) {
                String name = entry.getName();
                if (!name.endsWith(".class") || name.startsWith("META-INF/")) {
                    continue;
                }
                String library = LIBRARIES.entrySet().stream().filter(e -> name.startsWith(e.getKey())).map(Map.Entry::getValue)
                        .findFirst().orElse(null);
                if (library != null) {
                    bundled.add(library);
                } else if (!name.startsWith("io/github/mailoauth2/") || name.startsWith("io/github/mailoauth2/shaded/")) {
                    unknown.add(name.substring(0, name.lastIndexOf('/') + 1));
                }
            }
            assertThat(unknown).as("classes of libraries this test does not know, in %s: list them in THIRD-PARTY.txt"
                    + " (provider/pom.xml) and in LIBRARIES here", jar).isEmpty();
            for (String library : bundled) {
                assertThat(thirdParty).as("META-INF/THIRD-PARTY.txt of %s", jar).contains("(" + library);
            }
        }
        return bundled;
    }

    private static String text(ZipFile zip, String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        assertThat(entry).as("%s in %s", name, zip.getName()).isNotNull();
        try (InputStream in = zip.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
