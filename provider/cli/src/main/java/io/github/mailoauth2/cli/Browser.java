package io.github.mailoauth2.cli;

import java.awt.Desktop;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Opens a URL: with {@code --browser COMMAND}, else {@code $BROWSER}, else the desktop's browser. As
 * with {@code $BROWSER}, a {@code %s} in the command stands for the URL; otherwise the URL is appended.
 */
final class Browser {
    private Browser() {
    }

    /** @return whether something was started to open the URL */
    static boolean open(String command, String url) {
        String chosen = command != null ? command : System.getenv("BROWSER");
        try {
            if (chosen != null && !chosen.isBlank()) {
                List<String> argv = new ArrayList<>();
                for (String word : chosen.trim().split("\\s+")) {
                    argv.add(word.replace("%s", url));
                }
                if (!chosen.contains("%s")) {
                    argv.add(url);
                }
                new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                return true;
            }
            if (!GraphicsEnvironment.isHeadless() && Desktop.isDesktopSupported()
                    && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
                Desktop.getDesktop().browse(URI.create(url));
                return true;
            }
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
        return false;
    }
}
