package io.github.mailoauth2.internal.sources;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Every record that mail-oauth2 and Google's HTTP client log while it is open, at every level
 * (System.Logger goes to java.util.logging here), as text: message, parameters and the messages of
 * the thrown exception's chain.
 */
final class CapturedLogs extends Handler implements AutoCloseable {
    private static final String[] LOGGERS = {"io.github.mailoauth2", "com.google.api.client"};

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<Logger> loggers = new ArrayList<>();
    private final List<Level> levels = new ArrayList<>();

    CapturedLogs() {
        this(LOGGERS);
    }

    /** Captures these loggers instead, e.g. the JDK's own. */
    CapturedLogs(String... names) {
        for (String name : names) {
            Logger logger = Logger.getLogger(name);
            loggers.add(logger); // held, so that the level set here is not collected with the logger
            levels.add(logger.getLevel());
            logger.setLevel(Level.ALL);
            logger.addHandler(this);
        }
        setLevel(Level.ALL);
    }

    @Override
    public void publish(LogRecord record) {
        StringBuilder line = new StringBuilder(record.getLevel() + " " + record.getLoggerName() + ": " + record.getMessage());
        if (record.getParameters() != null) {
            for (Object parameter : record.getParameters()) {
                line.append(" | ").append(parameter);
            }
        }
        for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
            line.append(" | ").append(t);
        }
        lines.add(line.toString());
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        for (int i = 0; i < loggers.size(); i++) {
            loggers.get(i).removeHandler(this);
            loggers.get(i).setLevel(levels.get(i));
        }
    }
}
