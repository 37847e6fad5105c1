package io.github.mailoauth2.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProtocolTraceTest {

    @Test
    void clientResponsesAndBearerTokensAreRedacted() {
        assertThat(ProtocolTrace.redact("A1 AUTHENTICATE XOAUTH2 dXNlcj14b2F1dGhAZ21haWwuY29tAWF1dGg9QmVhcmVy"))
                .isEqualTo("A1 AUTHENTICATE XOAUTH2 <redacted 44 chars>");
        assertThat(ProtocolTrace.redact("AUTH OAUTHBEARER bixhPXVAZXhhbXBsZS5jb20sAWhvc3Q9"))
                .isEqualTo("AUTH OAUTHBEARER <redacted 32 chars>");
        assertThat(ProtocolTrace.redact("dXNlcj14b2F1dGhAZ21haWwuY29tAWF1dGg9QmVhcmVy"))
                .isEqualTo("<redacted 44 chars>");
        assertThat(ProtocolTrace.redact("DEBUG IMAP: SASL response: user=a@b.c\u0001auth=Bearer ya29.secret\u0001\u0001 :"))
                .isEqualTo("DEBUG IMAP: SASL response: user=a@b.c\u0001auth=Bearer <redacted>\u0001\u0001 :");
    }

    @Test
    void serverLinesStayAsTheyAre() {
        assertThat(ProtocolTrace.redact("250-AUTH XOAUTH2 OAUTHBEARER PLAIN")).isEqualTo("250-AUTH XOAUTH2 OAUTHBEARER PLAIN");
        assertThat(ProtocolTrace.redact("+ eyJzdGF0dXMiOiI0MDEiLCJzY2hlbWVzIjoiYmVhcmVyIn0="))
                .isEqualTo("+ eyJzdGF0dXMiOiI0MDEiLCJzY2hlbWVzIjoiYmVhcmVyIn0=");
        assertThat(ProtocolTrace.redact("* CAPABILITY IMAP4rev1 SASL-IR AUTH=XOAUTH2")).isEqualTo("* CAPABILITY IMAP4rev1 SASL-IR AUTH=XOAUTH2");
    }

    @Test
    void theLibrarysDebugLinesShowOnlyWhenAskedFor() {
        assertThat(trace(false)).containsExactly("* OK IMAP4rev1 ready", "A0 AUTHENTICATE XOAUTH2 <redacted 20 chars>");
        assertThat(trace(true)).containsExactly("DEBUG IMAP: mail.imap.fetchsize: 16384", "* OK IMAP4rev1 ready",
                "A0 AUTHENTICATE XOAUTH2 <redacted 20 chars>");
    }

    /** The lines a trace prints for a short session, without their timestamps. */
    private static String[] trace(boolean libraryLines) {
        StringWriter out = new StringWriter();
        try (PrintStream debug = new PrintStream(new ProtocolTrace(new PrintWriter(out), false, libraryLines), true,
                StandardCharsets.UTF_8)) {
            debug.print("DEBUG IMAP: mail.imap.fetchsize: 16384\r\n* OK IMAP4rev1 ready\r\n");
            debug.print("A0 AUTHENTICATE XOAUTH2 dXNlcj1hQGIuYwFhdXRo\r\n");
        }
        return out.toString().lines().map(line -> line.replaceFirst("^  \\S+ ", "")).toArray(String[]::new);
    }
}
