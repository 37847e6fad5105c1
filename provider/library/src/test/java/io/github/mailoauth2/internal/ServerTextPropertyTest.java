package io.github.mailoauth2.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever a server sends and whichever secrets it echoes, the cleaned text is one line of at most
 * {@link ServerText#MAX_LENGTH} characters and "...", with no control, format (bidi, zero-width) or
 * line-separator character, and no secret: neither as sent nor pieced together from a variant of it
 * (other white space, other control characters) that cleaning would flatten into it.
 */
class ServerTextPropertyTest {
    private static final String SPECIAL = "\u0000\u0001\u0007\t\n\r\u001b\u007f\u0085\u00a0\u00ad\u061c\u200b\u200d\u200e"
            + "\u200f\u2028\u2029\u202a\u202e\u2066\u2069\ufeff\ud800\udc00\ue000 ";

    @Property(tries = 3000)
    void cleanTextIsOneSafeShortLine(@ForAll("texts") String text) {
        String cleaned = ServerText.clean(text, List.of());

        assertThat(cleaned.length()).isLessThanOrEqualTo(ServerText.MAX_LENGTH + 3);
        cleaned.codePoints().forEach(c -> assertThat(safe(c)).as("U+%04X in %s", c, cleaned).isTrue());
    }

    @Property(tries = 3000)
    void noSecretSurvives(@ForAll("texts") String before, @ForAll("secrets") String secret, @ForAll("texts") String after,
                          @ForAll("secrets") String other) {
        String visible = ServerText.clean(secret, List.of());
        Assume.that(!"[redacted]".contains(secret) && !"[redacted]".contains(visible));

        String cleaned = ServerText.clean(before + variant(secret) + after + other, List.of(secret, other));

        assertThat(cleaned).doesNotContain(secret);
        if (visible.length() >= 4) {
            assertThat(cleaned).doesNotContain(visible);
        }
    }

    /** The secret with each white space and each unsafe character swapped for another of its kind. */
    private static String variant(String secret) {
        StringBuilder b = new StringBuilder();
        secret.codePoints().forEach(c -> b.appendCodePoint(c == ' ' ? '\n' : c == '\n' ? '\t' : c == '\u0001' ? '\u202e'
                : c == '\u202e' ? '\u0000' : c));
        return b.toString();
    }

    private static boolean safe(int c) {
        int type = Character.getType(c);
        return !Character.isISOControl(c) && type != Character.FORMAT && type != Character.LINE_SEPARATOR
                && type != Character.PARAGRAPH_SEPARATOR && type != Character.SURROGATE && type != Character.UNASSIGNED
                && type != Character.PRIVATE_USE;
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(400),
                Arbitraries.strings().withChars(SPECIAL).withCharRange('a', 'e').ofMaxLength(400),
                // astral characters (surrogate pairs) around the length cap
                Arbitraries.integers().between(0, 0x10FFFF).list().ofMinSize(250).ofMaxSize(350)
                        .map(cps -> new String(cps.stream().mapToInt(Integer::intValue).toArray(), 0, cps.size())));
    }

    @Provide
    Arbitrary<String> secrets() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars("-._~+/= \n\u0001\u202e")
                .ofMinLength(4).ofMaxLength(40);
    }
}
