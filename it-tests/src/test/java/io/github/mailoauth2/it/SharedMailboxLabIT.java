package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.mailoauth2.internal.store.FileTokenStore;
import io.github.mailoauth2.store.StoredAccount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: a shared mailbox on the lab's Dovecot, which accepts a delegate's token for it as Exchange
 * does with Full Access ({@code it-tests/lab/shared-mailboxes.passwd} lists the pairs): an unmodified
 * application with {@code user=shared@example.test} and {@code account=delegate@example.test} sends
 * over SMTP (Dovecot's submission) and reads over IMAP as the shared mailbox with the delegate's
 * stored token; a token of a user who is not its delegate is refused, with the server's reason.
 *
 * <p>The lab's start.sh sets this up; a lab started before it has no {@code shared-mailboxes.passwd}
 * and the test is skipped. {@code -Dit.shared.ports=IMAP,SUBMISSION} runs it against another Dovecot
 * started with the lab's configuration on those ports.
 */
class SharedMailboxLabIT {
    private static final String SHARED = "shared@example.test";
    private static final String DELEGATE = "delegate@example.test";
    private static int imapPort;
    private static int submissionPort;

    @TempDir
    Path dir;

    @BeforeAll
    static void lab() {
        String ports = System.getProperty("it.shared.ports");
        if (ports == null) {
            assumeTrue(Files.exists(Lab.dir().resolve("shared-mailboxes.passwd")),
                    "the running lab was started before shared mailboxes: restart it with it-tests/lab/start.sh");
            imapPort = Lab.IMAP;
            submissionPort = Lab.SUBMISSION;
        } else {
            imapPort = Integer.parseInt(ports.split(",")[0].strip());
            submissionPort = Integer.parseInt(ports.split(",")[1].strip());
        }
    }

    /**
     * The application as the shared mailbox, with {@code account}'s entry in a file store: a token from
     * mock-oauth2-server for that user, as authorize or refresh would have left it.
     */
    private AppRun asShared(String account) throws Exception {
        Path file = dir.resolve("tokens.json");
        String token = Lab.mockToken(account);
        new FileTokenStore(file).locked(account, tx -> {
            tx.save(new StoredAccount(Secrets.remember("unused-refresh-" + UUID.randomUUID()), token,
                    Instant.now().plus(Duration.ofMinutes(30)), "mail", Lab.MOCK_TOKEN_URL, "mail-app", Instant.now()));
            return null;
        });
        return new AppRun(MailApi.JAKARTA).imap("imap", imapPort, "XOAUTH2").smtp("smtp", submissionPort, "XOAUTH2")
                .user(SHARED, "dummy").set("mail.oauth2.store", file.toString()).set("mail.oauth2.token-url", Lab.MOCK_TOKEN_URL)
                .set("mail.oauth2.client-id", "mail-app").set("mail.oauth2.account", account);
    }

    @Test
    void theDelegatesTokenSendsAndReadsAsTheSharedMailbox() throws Exception {
        String subject = "shared " + UUID.randomUUID();

        AppRun.Result sent = asShared(DELEGATE).run("send", subject);

        assertThat(sent.exitCode()).as(sent::toString).isZero();
        // sent from and to the shared mailbox: found in its INBOX, read with the delegate's token
        assertThat(Mailbox.waitFor(() -> {
            try {
                return asShared(DELEGATE);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, subject)).isTrue();
    }

    @Test
    void aTokenOfSomeoneWhoIsNotADelegateIsRefusedWithTheServersReason() throws Exception {
        String stranger = Lab.newUser();

        AppRun.Result imap = asShared(stranger).run("imap");
        AppRun.Result smtp = asShared(stranger).run("send", "never sent");

        // Dovecot's failure JSON, and what it means for a shared mailbox
        String reason = "the server rejected the access token (status 401, schemes bearer, scope mail)";
        String delegateHint = "for a shared mailbox: one without Full Access on it";
        assertThat(imap.exitCode()).as(imap::toString).isNotZero();
        assertThat(imap.out()).as(imap::toString).contains("[AUTHENTICATIONFAILED] Authentication failed.").contains(reason)
                .contains(delegateHint);
        assertThat(smtp.exitCode()).as(smtp::toString).isNotZero();
        assertThat(smtp.out()).as(smtp::toString).contains(reason).contains(delegateHint);
    }
}
