package io.github.mailoauth2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guards the public API: the {@code javap -public} signatures of every public type in the API packages
 * must match {@code api/mail-oauth2.api}, so that no change to the API goes unnoticed in review.
 * {@code -Dapi.update=true} rewrites the file from the compiled classes.
 */
class ApiSignatureTest {
    private static final List<String> API_PACKAGES =
            List.of("io.github.mailoauth2", "io.github.mailoauth2.token", "io.github.mailoauth2.store");
    private static final String UPDATE = "./mvnw -B -q -pl provider/library verify -Dapi.update=true";

    @Test
    void thePublicApiMatchesTheCheckedInSignatures() throws IOException, URISyntaxException {
        Path classes = Path.of(MailOAuth2.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        // target/classes -> the module's directory
        Path apiFile = classes.getParent().getParent().resolve("api").resolve("mail-oauth2.api");
        String actual = signatures(classes);
        // a wrong class directory must not pass, nor write an empty file
        assertThat(actual).contains("public final class io.github.mailoauth2.MailOAuth2 {");

        if (Boolean.getBoolean("api.update")) {
            Files.createDirectories(apiFile.getParent());
            Files.writeString(apiFile, actual, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(apiFile)) {
            fail(apiFile + " is missing. Run " + UPDATE + " to write it, review it and commit it.");
        }
        String expected = normalise(Files.readString(apiFile, StandardCharsets.UTF_8));
        if (!actual.equals(expected)) {
            fail("The public API differs from " + apiFile + ":\n" + difference(expected, actual)
                    + "\nIf the change is intended, run " + UPDATE + " to rewrite the file, review its diff and commit it.");
        }
    }

    /** One block per public class of the API packages, sorted by binary name, members sorted too. */
    private static String signatures(Path classes) throws IOException {
        List<String> names = new ArrayList<>();
        for (String pkg : API_PACKAGES) {
            try (Stream<Path> files = Files.list(classes.resolve(pkg.replace('.', '/')))) {
                files.map(f -> f.getFileName().toString())
                        .filter(f -> f.endsWith(".class") && !f.equals("package-info.class"))
                        .map(f -> pkg + "." + f.substring(0, f.length() - ".class".length()))
                        .filter(ApiSignatureTest::isPublic)
                        .forEach(names::add);
            }
        }
        names.sort(null);
        ToolProvider javap = ToolProvider.findFirst("javap")
                .orElseThrow(() -> new AssertionError("this JDK has no javap tool; run the build with a full JDK"));
        List<String> blocks = new ArrayList<>();
        for (String name : names) {
            blocks.add(block(javap, classes, name));
        }
        return String.join("\n", blocks);
    }

    /** Public, and every class it is nested in public too: what code outside the package can see. */
    private static boolean isPublic(String binaryName) {
        try {
            for (Class<?> c = Class.forName(binaryName, false, ApiSignatureTest.class.getClassLoader()); c != null;
                    c = c.getEnclosingClass()) {
                if (!Modifier.isPublic(c.getModifiers())) {
                    return false;
                }
            }
            return true;
        } catch (ClassNotFoundException e) {
            throw new AssertionError(binaryName + " is in " + e.getMessage() + " but cannot be loaded", e);
        }
    }

    /** javap's lines for one class, without "Compiled from", with the members sorted. */
    private static String block(ToolProvider javap, Path classes, String name) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = javap.run(new PrintWriter(out), new PrintWriter(err), "-public", "-cp", classes.toString(), name);
        assertThat(status).as("javap %s: %s", name, err).isZero();
        List<String> lines = normalise(out.toString()).lines()
                .filter(line -> !line.startsWith("Compiled from "))
                .collect(Collectors.toList());
        // header, members, closing brace
        assertThat(lines).as("javap output for %s", name).hasSizeGreaterThanOrEqualTo(2).endsWith("}");
        List<String> members = new ArrayList<>(lines.subList(1, lines.size() - 1));
        members.sort(null);
        StringBuilder block = new StringBuilder(lines.get(0)).append('\n');
        members.forEach(m -> block.append(m).append('\n'));
        return block.append("}\n").toString();
    }

    private static String normalise(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n');
    }

    /** Per class, the lines only one side has: "-" only in the file, "+" only in the classes. */
    private static String difference(String expected, String actual) {
        Map<String, Set<String>> before = blocks(expected);
        Map<String, Set<String>> after = blocks(actual);
        Set<String> classes = new TreeSet<>(before.keySet());
        classes.addAll(after.keySet());
        StringBuilder diff = new StringBuilder();
        for (String header : classes) {
            Set<String> old = before.getOrDefault(header, Set.of());
            Set<String> now = after.getOrDefault(header, Set.of());
            if (!old.equals(now)) {
                diff.append(header).append('\n');
                old.stream().filter(m -> !now.contains(m)).forEach(m -> diff.append("-").append(m).append('\n'));
                now.stream().filter(m -> !old.contains(m)).forEach(m -> diff.append("+").append(m).append('\n'));
            }
        }
        return diff.length() == 0 ? "(only the layout differs)\n" : diff.toString();
    }

    /** Each class's member lines (and closing brace) by its header line. */
    private static Map<String, Set<String>> blocks(String text) {
        Map<String, Set<String>> blocks = new TreeMap<>();
        for (String block : text.split("\n\n")) {
            List<String> lines = block.strip().lines().collect(Collectors.toList());
            if (!lines.isEmpty()) {
                blocks.put(lines.get(0), new LinkedHashSet<>(lines.subList(1, lines.size())));
            }
        }
        return blocks;
    }
}
