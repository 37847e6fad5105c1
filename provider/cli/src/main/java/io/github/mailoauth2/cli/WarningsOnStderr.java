package io.github.mailoauth2.cli;

import java.io.PrintStream;
import java.text.MessageFormat;
import java.util.ResourceBundle;

/**
 * The command line's {@link System.LoggerFinder} (a service in the jar): the library's warnings and
 * errors as {@code warning: ...} lines on standard error, like the command line's own messages, and
 * nothing below. java.util.logging is not set up for them: its start-up, about 20 ms, is more than
 * {@code token} takes otherwise. Angus Mail logs to java.util.logging directly, which this leaves alone.
 */
public final class WarningsOnStderr extends System.LoggerFinder {
    private static final System.Logger LOGGER = new Line();

    @Override
    public System.Logger getLogger(String name, Module module) {
        return LOGGER;
    }

    private static final class Line implements System.Logger {
        @Override
        public String getName() {
            return "mail-oauth2";
        }

        @Override
        public boolean isLoggable(Level level) {
            return level.getSeverity() >= Level.WARNING.getSeverity();
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
            print(level, message, thrown);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            print(level, params == null || params.length == 0 ? format : MessageFormat.format(format, params), null);
        }

        private void print(Level level, String message, Throwable thrown) {
            if (isLoggable(level)) {
                PrintStream err = System.err;
                err.println((level == Level.ERROR ? "error: " : "warning: ") + message
                        + (thrown == null ? "" : " (" + thrown + ")"));
            }
        }
    }
}
