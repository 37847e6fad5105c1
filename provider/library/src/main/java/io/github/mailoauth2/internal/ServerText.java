package io.github.mailoauth2.internal;

import java.util.Collection;

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
     * @return the cleaned text, on one line; {@code null} for {@code null}
     */
    public static String clean(String text, Collection<String> secrets) {
        if (text == null) {
            return null;
        }
        String redacted = text;
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 4) {
                redacted = redacted.replace(secret, REDACTED);
            }
        }
        StringBuilder b = new StringBuilder(Math.min(redacted.length(), MAX_LENGTH + 3));
        boolean space = false;
        for (int i = 0; i < redacted.length() && b.length() < MAX_LENGTH; ) {
            int c = redacted.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\r' || c == '\n' || c == '\t' || c == ' ') {
                space = b.length() > 0;
                continue;
            }
            if (space) {
                b.append(' ');
                space = false;
            }
            b.appendCodePoint(unsafe(c) ? '?' : c);
            if (b.length() >= MAX_LENGTH && i < redacted.length()) {
                b.append("...");
            }
        }
        return b.toString();
    }

    /** C0/C1 controls, DEL, and the Unicode characters that change the direction or visibility of text. */
    static boolean unsafe(int c) {
        return Character.isISOControl(c)
                || c >= 0x202A && c <= 0x202E // LRE, RLE, PDF, LRO, RLO
                || c >= 0x2066 && c <= 0x2069 // LRI, RLI, FSI, PDI
                || c == 0x200E || c == 0x200F || c == 0x061C // LRM, RLM, ALM
                || c >= 0x200B && c <= 0x200D || c == 0xFEFF // zero-width characters
                || Character.getType(c) == Character.UNASSIGNED
                || Character.getType(c) == Character.PRIVATE_USE
                || Character.getType(c) == Character.SURROGATE;
    }
}
