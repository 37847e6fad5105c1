package io.github.mailoauth2.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/**
 * The third-party plug-ins of {@code src/plugin} (the examples docs/extending.md quotes), compiled against the
 * library and jarred with their service entries at test time, as a third party would ship them: nothing of
 * them is on mail-oauth2's class path unless a test puts the jar there.
 */
final class ExamplePlugins {
    private ExamplePlugins() {
    }

    /** Compiles {@code src/plugin} into {@code dir} and returns the jar. */
    static Path jar(Path dir) throws IOException {
        Path plugin = Path.of(System.getProperty("plugin.sources", "src/plugin"));
        Path classes = Files.createDirectories(dir.resolve("plugin-classes"));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", AppRun.providerJar()));
        try (Stream<Path> walk = Files.walk(plugin.resolve("java"))) {
            walk.filter(p -> p.toString().endsWith(".java")).map(Path::toString).forEach(args::add);
        }
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new));
        if (status != 0) {
            throw new IOException("compiling the example plug-ins in " + plugin + " failed (javac status " + status + ")");
        }
        Path jar = dir.resolve("example-plugins.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            add(out, classes);
            add(out, plugin.resolve("resources"));
        }
        return jar;
    }

    private static void add(JarOutputStream jar, Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                jar.putNextEntry(new JarEntry(root.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, jar);
                jar.closeEntry();
            }
        }
    }
}
