package io.github.mailoauth2.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mail library's debug output, line by line, each line timestamped like oauth2.py's trace: the
 * protocol conversation, and with {@code libraryLines} also Angus Mail's own {@code DEBUG} lines
 * (settings, providers, SASL steps), which are noise unless something is misconfigured. Tokens are
 * redacted: the bearer token in decoded SASL responses, and the base64 responses the
 * client sends on AUTHENTICATE / AUTH lines and on lines of their own. The server's lines (its
 * failure report included) are kept as they are.
 */
final class ProtocolTrace extends OutputStream {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SS");
    private static final Pattern BEARER = Pattern.compile("(auth=Bearer )[^\\x01\\s]+");
    /** The client's command: IMAP {@code TAG AUTHENTICATE MECH IR}, SMTP and POP3 {@code AUTH MECH IR}; not the server's EHLO line. */
    private static final Pattern AUTH_COMMAND = Pattern.compile("^((?:\\S+ AUTHENTICATE|AUTH) (?:XOAUTH2|OAUTHBEARER) )(\\S+)");
    private static final Pattern BASE64_LINE = Pattern.compile("^[A-Za-z0-9+/]{16,}={0,2}$");

    private final PrintWriter out;
    private final boolean showSecrets;
    private final boolean libraryLines;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    ProtocolTrace(PrintWriter out, boolean showSecrets, boolean libraryLines) {
        this.out = out;
        this.showSecrets = showSecrets;
        this.libraryLines = libraryLines;
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            flushLine();
        } else if (b != '\r') {
            line.write(b);
        }
    }

    private void flushLine() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (!libraryLines && text.startsWith("DEBUG")) {
            return;
        }
        out.println("  " + LocalTime.now().format(TIME) + " " + (showSecrets ? text : redact(text)));
        out.flush();
    }

    static String redact(String text) {
        String redacted = BEARER.matcher(text).replaceAll(match -> match.group(1) + "<redacted>");
        Matcher command = AUTH_COMMAND.matcher(redacted);
        if (command.find()) {
            return command.group(1) + "<redacted " + command.group(2).length() + " chars>";
        }
        if (BASE64_LINE.matcher(redacted.strip()).matches()) {
            return "<redacted " + redacted.strip().length() + " chars>";
        }
        return redacted;
    }

    @Override
    public synchronized void flush() {
        out.flush();
    }
}
