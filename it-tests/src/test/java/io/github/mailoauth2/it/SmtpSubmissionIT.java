package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** An unmodified application sends through real Dovecot submission and Postfix, then reads the mail back over IMAP. */
class SmtpSubmissionIT {

    @ParameterizedTest
    @EnumSource(MailApi.class)
    void xoauth2ThroughDovecotSubmission(MailApi api) throws Exception {
        sendAndReadBack(api, Lab.SUBMISSION, "XOAUTH2");
    }

    @ParameterizedTest
    @EnumSource(MailApi.class)
    void oauthbearerThroughPostfixWithDovecotSasl(MailApi api) throws Exception {
        sendAndReadBack(api, Lab.POSTFIX_SUBMISSION, "OAUTHBEARER");
    }

    @ParameterizedTest
    @EnumSource(MailApi.class)
    void aRejectedTokenFailsWithTheDecodedReasonInsteadOfFailedToConnect(MailApi api) throws Exception {
        String token = Lab.bogusToken();

        AppRun.Result r = new AppRun(api).smtp("smtp", Lab.SUBMISSION, "XOAUTH2").user(Lab.newUser(), token).run("send", "never");

        assertThat(r.exitCode()).as(r::toString).isEqualTo(1);
        assertThat(r.out()).startsWith("FAILED " + api.authenticationFailed()
                + ": XOAUTH2: the server rejected the access token (status ").doesNotContain(token);
    }

    static void sendAndReadBack(MailApi api, int port, String mechanism) throws Exception {
        String user = Lab.newUser();
        String token = Lab.mockToken(user);
        String subject = "it " + UUID.randomUUID();

        AppRun.Result sent = new AppRun(api).smtp("smtp", port, mechanism).user(user, token).run("send", subject);
        assertThat(sent.exitCode()).as(sent::toString).isZero();
        assertThat(sent.out()).startsWith("SENT " + api.implementation().adapters.packagePrefix);
        assertThat(sent.err()).contains(mechanism + ": sent " + user + "'s access token to smtp server 127.0.0.1:" + port);

        assertThat(Mailbox.waitFor(api, Lab.IMAP, user, token, subject)).isTrue();
    }
}
