package io.github.mailoauth2.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/**
 * The frameworks of the framework matrix: their class paths, their example applications and their documented
 * configuration. Each framework's class path is what a Maven build of an application on it resolves
 * ({@code it-tests/frameworks/<module>/pom.xml}, resolved once by a nested Maven run); each application
 * ({@code src/frameworks/<app>}) is compiled against that class path at test time, as its users compile it; its
 * configuration is the block of docs/frameworks.md that names it, with the documentation's example hosts, ports,
 * addresses and token endpoint replaced by the lab's.
 */
final class Frameworks {
    /** The line before a documented block that a test runs: {@code <!-- tested: NAME -->}. */
    private static final Pattern TESTED_BLOCK = Pattern.compile("<!-- tested: ([\\w.-]+) -->\\n```\\w*\\n(.*?)\\n```", Pattern.DOTALL);
    /** The documentation's example address and client id (the lab's mock issues a client's token for the client id). */
    static final String DOC_ADDRESS = "reports@example.com";
    static final String DOC_TOKEN_URL = "https://sso.example.com/realms/mail/protocol/openid-connect/token";
    /** What {@code client-credentials} sends with the id: any secret will do for the lab's mock. */
    static final String CLIENT_SECRET = "lab-client-secret";

    private Frameworks() {
    }

    /** The runtime class path of {@code it-tests/frameworks/<module>}, resolved by Maven on first use. */
    static synchronized List<String> classPath(String module) throws IOException, InterruptedException {
        Path file = Path.of(System.getProperty("frameworks.out", "target/frameworks"), module + ".classpath");
        Path pom = Path.of(System.getProperty("frameworks.pom", "frameworks/pom.xml"));
        if (!Files.exists(file) || Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(pom.resolveSibling(module + "/pom.xml"))) < 0) {
            resolve(pom, file.getParent());
        }
        return List.of(Files.readString(file).strip().split(File.pathSeparator));
    }

    private static void resolve(Path pom, Path out) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("maven.home"), "bin", "mvn").toString(), "-B", "-q",
                "-f", pom.toString(), "generate-resources", "-Dfw.out=" + out.toAbsolutePath()));
        if (System.getProperty("maven.offline", "").equals("offline=true")) {
            command.add("-o");
        }
        String repo = System.getProperty("maven.repo.local");
        if (repo != null) {
            command.add("-Dmaven.repo.local=" + repo);
        }
        Files.createDirectories(out);
        Path log = out.resolve("resolve.log");
        Process maven = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!maven.waitFor(10, TimeUnit.MINUTES) || maven.exitValue() != 0) {
            maven.destroyForcibly();
            throw new IOException("resolving the frameworks' class paths failed: " + Files.readString(log));
        }
    }

    /** Compiles the application in {@code src/frameworks/<app>} against {@code classPath}; returns its classes. */
    static synchronized Path compile(String app, String module, List<String> classPath) throws IOException {
        Path sources = Path.of(System.getProperty("frameworks.sources", "src/frameworks"), app);
        Path classes = Path.of(System.getProperty("frameworks.out", "target/frameworks"), "apps", app + "-on-" + module);
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", String.join(File.pathSeparator, classPath),
                "-nowarn", "-Xlint:none"));
        try (Stream<Path> walk = Files.walk(sources)) {
            walk.filter(p -> p.toString().endsWith(".java")).map(Path::toString).forEach(args::add);
        }
        Files.createDirectories(classes);
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new));
        if (status != 0) {
            throw new IOException("compiling " + sources + " against " + module + " failed (javac status " + status + ")");
        }
        return classes;
    }

    /** The source of a class of an example application, for checking the code that docs/frameworks.md quotes. */
    static String source(String app, String file) throws IOException {
        return Files.readString(Path.of(System.getProperty("frameworks.sources", "src/frameworks"), app).resolve(file));
    }

    /** The block of docs/frameworks.md marked {@code <!-- tested: name -->}, exactly as documented. */
    static String documented(String name) throws IOException {
        return documented(Path.of(System.getProperty("docs.frameworks", "../docs/frameworks.md")), name);
    }

    /** The block of page {@code doc} marked {@code <!-- tested: name -->}, exactly as documented. */
    static String documented(Path doc, String name) throws IOException {
        Matcher m = TESTED_BLOCK.matcher(Files.readString(doc));
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2) + "\n";
            }
        }
        throw new AssertionError(doc + " has no block marked <!-- tested: " + name + " --> followed by a fenced block");
    }

    /** The documented block with the lab's servers, {@code user}'s mailbox and the lab's token endpoint in it. */
    static String forLab(String name, String user) throws IOException {
        return forLab(name, labValues(user));
    }

    /** The documented block with each match of a key of {@code values} (a regular expression) replaced by its value. */
    static String forLab(String name, Map<String, String> values) throws IOException {
        String text = documented(name);
        for (Map.Entry<String, String> value : values.entrySet()) {
            text = text.replaceAll(value.getKey(), Matcher.quoteReplacement(value.getValue()));
        }
        return text;
    }

    /**
     * What the documentation's examples stand for in the lab (in this order): the token endpoint, the address (also
     * URL-encoded), the client id (the lab's mock issues a client's token for the client id: the mailbox), the
     * hosts (by the name in the lab's certificate) and the ports.
     */
    static Map<String, String> labValues(String user) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(Pattern.quote(DOC_TOKEN_URL), Lab.MOCK_TOKEN_URL);
        values.put(Pattern.quote(DOC_ADDRESS), user);
        values.put(Pattern.quote(DOC_ADDRESS.replace("@", "%40")), user.replace("@", "%40"));
        values.put("\\bmail-app\\b", user);
        values.put("\\b(smtp|imap)\\.example\\.com\\b", Lab.TLS_HOST);
        values.put("\\b587\\b", String.valueOf(Lab.SUBMISSION));
        values.put("\\b993\\b", String.valueOf(Lab.IMAPS));
        return values;
    }

    /** The {@code -Dkey=value} options of a documented command line, for the lab. */
    static List<String> systemProperties(String name, String user) throws IOException {
        List<String> options = new ArrayList<>();
        Matcher m = Pattern.compile("(?<=\\s|^)-D\\S+=\\S+").matcher(forLab(name, user));
        while (m.find()) {
            options.add(m.group());
        }
        if (options.isEmpty()) {
            throw new AssertionError("the block " + name + " of docs/frameworks.md has no -Dkey=value option");
        }
        return options;
    }
}
