package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Runs last: every token the suite used must be absent from everything the suite captured, i.e. the
 * applications' output and our DEBUG log (target/it-output) and the tests' own output (failsafe reports).
 */
@Order(Integer.MAX_VALUE)
class LeakScanIT {

    @Test
    void noTokenAppearsInAnyCapturedOutput() throws IOException {
        Set<String> tokens = Secrets.all();
        List<Path> files = capturedFiles();
        assertThat(tokens).as("tokens used by the suite").hasSizeGreaterThan(10);
        assertThat(files).as("captured outputs").hasSizeGreaterThan(20);

        assertThat(leaks(tokens, files)).isEmpty();
    }

    @Test
    void theScanFindsAPlantedToken() throws IOException {
        Path planted = Path.of(System.getProperty("it.output", "target/it-output"), "planted.check");
        Files.writeString(planted, "a log line with the token planted-canary-token inside");
        try {
            assertThat(leaks(Set.of("planted-canary-token"), capturedFiles()))
                    .containsExactly(planted + " contains a 20-character token");
        } finally {
            Files.delete(planted);
        }
    }

    private static List<String> leaks(Set<String> tokens, List<Path> files) throws IOException {
        List<String> leaks = new ArrayList<>();
        for (Path file : files) {
            String text = Files.readString(file, StandardCharsets.ISO_8859_1);
            for (String token : tokens) {
                if (text.contains(token)) {
                    // name the file and the token's length, never the token
                    leaks.add(file + " contains a " + token.length() + "-character token");
                }
            }
        }
        return leaks;
    }

    private static List<Path> capturedFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String dir : List.of(System.getProperty("it.output", "target/it-output"),
                System.getProperty("it.reports", "target/failsafe-reports"))) {
            Path root = Path.of(dir);
            if (Files.isDirectory(root)) {
                try (Stream<Path> walk = Files.walk(root)) {
                    walk.filter(Files::isRegularFile).forEach(files::add);
                }
            }
        }
        return files;
    }
}
