package io.github.mailoauth2.internal.javamail;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Keeps tokens out of JavaMail's {@code mail.debug} output. With {@code mail.debug=true} JavaMail
 * prints every SASL response it sends after a server's continuation ({@code SASL response: user=…
 * auth=Bearer <token>}): on IMAP without SASL-IR, and on SMTP when a long token goes on a line of its
 * own. The adapters give their mail library a logger whose debug output passes through
 * {@link #wrap}, which removes the token from such lines and leaves every other line as it was.
 */
public final class DebugRedaction {
    private static final System.Logger LOG = System.getLogger(DebugRedaction.class.getName());
    private static final Pattern SASL_RESPONSE = Pattern.compile("(SASL response: ).*");
    private static final Pattern BEARER = Pattern.compile("(?i)(auth=Bearer )[^\\u0001\\s]+");

    private DebugRedaction() {
    }

    /** {@code out}, with tokens removed line by line; {@code out} itself if it already is such a stream. */
    public static PrintStream wrap(PrintStream out) {
        return out instanceof Redacting ? out : new Redacting(out);
    }

    /** One debug line, redacted. */
    static String redact(String line) {
        String withoutResponse = SASL_RESPONSE.matcher(line).replaceAll("$1<redacted> :");
        return BEARER.matcher(withoutResponse).replaceAll("$1<redacted>");
    }

    /**
     * Replaces the mail library's private logger field {@code name} of {@code owner} in {@code target}:
     * for the classes that offer no other way. Fails quietly (logged at DEBUG) where the field is
     * missing or may not be set, e.g. on the module path.
     *
     * @return whether it was replaced
     */
    public static boolean replaceField(Object target, Class<?> owner, String name, Object value) {
        try {
            Field field = owner.getDeclaredField(name);
            field.setAccessible(true);
            field.set(target, value);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "cannot route " + owner.getName() + "'s debug output through the token"
                    + " redaction (" + e + "); with mail.debug=true its SASL responses are printed as they are");
            return false;
        }
    }

    /** Buffers each line, writes it redacted. */
    private static final class Redacting extends PrintStream {
        Redacting(PrintStream out) {
            super(new LineRedactor(out), true, StandardCharsets.UTF_8);
        }
    }

    private static final class LineRedactor extends FilterOutputStream {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineRedactor(OutputStream out) {
            super(out);
        }

        @Override
        public synchronized void write(int b) throws IOException {
            line.write(b);
            if (b == '\n') {
                flushLine();
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        @Override
        public synchronized void flush() throws IOException {
            // a partial line waits for its end: redaction needs the whole line
            out.flush();
        }

        @Override
        public synchronized void close() throws IOException {
            flushLine();
            super.close();
        }

        private void flushLine() throws IOException {
            if (line.size() > 0) {
                out.write(redact(line.toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
                line.reset();
            }
        }
    }
}
