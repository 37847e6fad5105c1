package example.logback;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ordinary application logging through SLF4J and Logback: {@code logback.xml} on its class path sends ERROR events
 * by mail ({@code SMTPAppender}). It logs one error, then prints Logback's own warnings and errors (the appender
 * reports a failed send only there).
 */
public final class LogbackApp {
    private static final Logger LOG = LoggerFactory.getLogger(LogbackApp.class);

    private LogbackApp() {
    }

    public static void main(String[] args) {
        LOG.error("the nightly import failed (run {})", args.length > 1 ? args[1] : "-");
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        for (Status status : context.getStatusManager().getCopyOfStatusList()) {
            if (status.getEffectiveLevel() >= Status.WARN) {
                System.out.println("LOGBACK " + status + (status.getThrowable() == null ? "" : " " + status.getThrowable()));
            }
        }
        context.stop();
    }
}
