package io.github.mailoauth2;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What the logger named after a class publishes while this is open (its {@code System.Logger} goes to
 * java.util.logging here); the console gets none of it meanwhile.
 */
public final class CapturedLog implements AutoCloseable {
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Logger logger; // held: java.util.logging keeps loggers only weakly
    private final boolean toConsole;
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private CapturedLog(Class<?> owner) {
        logger = Logger.getLogger(owner.getName());
        toConsole = logger.getUseParentHandlers();
        logger.addHandler(handler);
        logger.setUseParentHandlers(false);
    }

    /** Starts capturing what {@code owner}'s logger publishes. */
    public static CapturedLog of(Class<?> owner) {
        return new CapturedLog(owner);
    }

    /** The records published so far, oldest first. */
    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    @Override
    public void close() {
        logger.setUseParentHandlers(toConsole);
        logger.removeHandler(handler);
    }
}
