package io.github.mailoauth2.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailoauth2.CapturedLog;
import io.github.mailoauth2.internal.javamail.AdapterStartup;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** The warning for a login that bypassed a claimed adapter. Claims and warnings last as long as the runtime. */
class ClaimedProtocolsTest {
    private static final String ADAPTER = "example.adapter.OAuth2ImapStore";

    @Test
    void aLoginWithoutTheAdapterOfAClaimedProtocolIsReportedOnceWithTheFix() {
        ClaimedProtocols claims = new ClaimedProtocols();
        claims.claimed("imap", ADAPTER);

        try (CapturedLog log = CapturedLog.of(ClaimedProtocols.class)) {
            claims.loginWithoutAdapter("imap");
            claims.loginWithoutAdapter("imap");
            claims.loginWithoutAdapter("imap");

            List<LogRecord> records = log.records();
            assertThat(records).hasSize(1);
            assertThat(records.get(0).getLevel()).isEqualTo(Level.WARNING);
            assertThat(records.get(0).getMessage()).contains(ADAPTER, "mail.imap.class=" + ADAPTER);
        }
    }

    @Test
    void aLoginForAnUnclaimedProtocolIsNotReported() {
        try (CapturedLog log = CapturedLog.of(ClaimedProtocols.class)) {
            new ClaimedProtocols().loginWithoutAdapter("smtp-unclaimed-test");

            assertThat(log.records()).isEmpty();
        }
    }

    @Test
    void anAdapterThatStoodAsideClaimedNothing() {
        AdapterStartup.protocol("pop3-standing-aside-test", getClass().getClassLoader(), "example.missing.OAuth2Pop3Store");

        try (CapturedLog log = CapturedLog.of(ClaimedProtocols.class)) {
            LibraryRuntime.current().claims().loginWithoutAdapter("pop3-standing-aside-test");

            assertThat(log.records()).isEmpty();
        }
    }
}
