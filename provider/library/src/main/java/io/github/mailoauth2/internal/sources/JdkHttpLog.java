package io.github.mailoauth2.internal.sources;

import java.lang.System.Logger.Level;

/**
 * The JDK's own HTTP client ({@code HttpURLConnection}, under Google's {@code NetHttpTransport})
 * logs every request header, {@code Authorization} included, to
 * {@code sun.net.www.protocol.http.HttpURLConnection} at FINE (System.Logger's DEBUG). A Basic
 * header is the client secret in base64: it must not be sent while that log is on.
 */
final class JdkHttpLog {
    static final String LOGGER = "sun.net.www.protocol.http.HttpURLConnection";

    private JdkHttpLog() {
    }

    /** Whether a request sent now would have its headers logged (through whatever backs System.Logger). */
    static boolean showsHeaders() {
        return System.getLogger(LOGGER).isLoggable(Level.DEBUG);
    }
}
