package example.log4j2;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * An ordinary application logging through Log4j 2: {@code log4j2.xml} on its class path sends ERROR events by mail
 * (the {@code SMTP} appender). It logs one error; Log4j's status logger reports a failed send on standard error.
 */
public final class Log4j2App {
    private static final Logger LOG = LogManager.getLogger(Log4j2App.class);

    private Log4j2App() {
    }

    public static void main(String[] args) {
        LOG.error("the nightly import failed (run {})", args.length > 1 ? args[1] : "-");
        LogManager.shutdown();
    }
}
