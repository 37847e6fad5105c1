package io.github.mailoauth2.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Text that a server or another program sent (an OAuth2 {@code error_description}, a failure
 * challenge, a token command's stderr), made safe to put into a log line or an exception message:
 * secrets we know are redacted even when the server echoes them, control and bidirectional
 * formatting characters are replaced (they could forge log lines or reorder what a reader sees),
 * and the length is capped.
 */
public final class ServerText {
    /** Longer server text is cut: real error descriptions are a sentence or two. */
    public static final int MAX_LENGTH = 300;
    private static final String REDACTED = "[redacted]";

    private ServerText() {
    }

    /**
     * @param text what the server sent, or {@code null}
     * @param secrets values that must not appear (tokens, client secret, assertion); {@code null}s and
     *        values shorter than 4 characters are ignored
     * @return the cleaned text, on one line, at most {@link #MAX_LENGTH} characters and "..."; {@code null}
     *         for {@code null}
     */
    public static String clean(String text, Collection<String> secrets) {
        if (text == null) {
            return null;
        }
        List<String> flatSecrets = new ArrayList<>();
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 4) {
                // inside the text, or at its start or end where the white space around it is dropped
                flatSecrets.add(flatten(secret, true));
                flatSecrets.add(flatten(secret, false));
            }
        }
        // as sent, and once more as flattened: a secret with a line break or a control character in it
        // could otherwise come back together from the pieces
        return cap(redact(flatten(redact(text, secrets), false), flatSecrets));
    }

    private static String redact(String text, Collection<String> secrets) {
        String redacted = text;
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 4) {
                redacted = redacted.replace(secret, REDACTED);
            }
        }
        return redacted;
    }

    /**
     * One line: runs of white space folded into one space, unsafe characters replaced by {@code ?}.
     *
     * @param edges whether white space at the start and end stays (as one space)
     */
    private static String flatten(String text, boolean edges) {
        StringBuilder b = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\r' || c == '\n' || c == '\t' || c == ' ' || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                space = edges || b.length() > 0;
                continue;
            }
            if (space) {
                b.append(' ');
                space = false;
            }
            b.appendCodePoint(unsafe(c) ? '?' : c);
        }
        return space && edges ? b.append(' ').toString() : b.toString();
    }

    private static String cap(String text) {
        if (text.length() <= MAX_LENGTH) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(MAX_LENGTH - 1)) ? MAX_LENGTH - 1 : MAX_LENGTH;
        return text.substring(0, end) + "...";
    }

    /**
     * C0/C1 controls, DEL, format characters (the bidirectional controls LRE..RLO, LRI..PDI, LRM, RLM,
     * ALM, and the zero-width ones among others: they change the direction or visibility of text),
     * and code points that are unassigned, private or lone surrogates.
     */
    static boolean unsafe(int c) {
        int type = Character.getType(c);
        return Character.isISOControl(c) || type == Character.FORMAT || type == Character.UNASSIGNED
                || type == Character.PRIVATE_USE || type == Character.SURROGATE;
    }
}
