package io.github.mailoauth2.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
}
