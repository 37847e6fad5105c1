package io.github.mailoauth2.cli;

import java.io.PrintStream;
import java.text.MessageFormat;
import java.util.ResourceBundle;

/**
 * The command line's {@link System.LoggerFinder} (a service in the jar): the library's warnings and
 * errors as {@code warning: ...} lines on standard error, like the command line's own messages, and
 * nothing below. java.util.logging is not set up for them: its start-up, about 20 ms, is more than
 * {@code token} takes otherwise. Angus Mail logs to java.util.logging directly, which this leaves alone.
 * Whoever configures java.util.logging ({@code -Djava.util.logging.config.file=...}) gets every
 * message there instead, at the levels configured.
 */
public final class WarningsOnStderr extends System.LoggerFinder {
    private static final System.Logger LOGGER = new Line();

    @Override
    public System.Logger getLogger(String name, Module module) {
        return System.getProperty("java.util.logging.config.file") != null
                ? new JulLogger(java.util.logging.Logger.getLogger(name)) : LOGGER;
    }

    /** A System.Logger on a java.util.logging logger, with the JDK's level mapping. */
    private static final class JulLogger implements System.Logger {
        private final java.util.logging.Logger jul;

        JulLogger(java.util.logging.Logger jul) {
            this.jul = jul;
        }

        @Override
        public String getName() {
            return jul.getName();
        }

        @Override
        public boolean isLoggable(Level level) {
            return jul.isLoggable(julLevel(level));
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
            jul.log(julLevel(level), message, thrown);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            jul.log(julLevel(level), format, params);
        }

        private static java.util.logging.Level julLevel(Level level) {
            switch (level) {
                case ALL: return java.util.logging.Level.ALL;
                case TRACE: return java.util.logging.Level.FINER;
                case DEBUG: return java.util.logging.Level.FINE;
                case INFO: return java.util.logging.Level.INFO;
                case WARNING: return java.util.logging.Level.WARNING;
                case ERROR: return java.util.logging.Level.SEVERE;
                default: return java.util.logging.Level.OFF;
            }
        }
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
