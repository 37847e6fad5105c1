package io.github.mailoauth2.internal.store;

import io.github.mailoauth2.internal.CommandLineToolkit;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Where the file store lives unless {@code mail.oauth2.store} says otherwise. */
@CommandLineToolkit
public final class StorePaths {
    private StorePaths() {
    }

    /**
     * {@code $XDG_CONFIG_HOME/mail-oauth2/tokens.json}, else {@code ~/.config/mail-oauth2/tokens.json}
     * on Linux and other Unix systems; {@code %APPDATA%\mail-oauth2\tokens.json} on Windows;
     * {@code ~/Library/Application Support/mail-oauth2/tokens.json} on macOS.
     */
    public static Path defaultPath() {
        return defaultPath(System.getProperty("os.name", ""), System.getenv(), System.getProperty("user.home"));
    }

    static Path defaultPath(String osName, Map<String, String> env, String home) {
        String os = osName.toLowerCase(Locale.ROOT);
        Path base;
        if (os.startsWith("windows")) {
            String appData = env.get("APPDATA");
            base = appData == null || appData.isBlank() ? Path.of(home, "AppData", "Roaming") : Path.of(appData);
        } else if (os.startsWith("mac") || os.startsWith("darwin")) {
            base = Path.of(home, "Library", "Application Support");
        } else {
            // The XDG spec says to ignore a relative XDG_CONFIG_HOME.
            String xdg = env.get("XDG_CONFIG_HOME");
            base = xdg == null || xdg.isBlank() || !Path.of(xdg).isAbsolute() ? Path.of(home, ".config") : Path.of(xdg);
        }
        return base.resolve("mail-oauth2").resolve("tokens.json");
    }
}
