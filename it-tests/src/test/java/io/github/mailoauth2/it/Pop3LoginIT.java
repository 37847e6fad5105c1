package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * POP3 has no SASL in Angus Mail: the application selects Angus's XOAUTH2 mechanism
 * ({@code mail.pop3.auth.mechanisms=XOAUTH2}) and mail-oauth2's store hands it the token.
 */
class Pop3LoginIT {

    @Test
    void xoauth2OverPop3AndPop3s() throws Exception {
        String user = Lab.newUser();
        String token = Lab.mockToken(user);

        AppRun.Result plain = new AppRun(MailApi.JAKARTA).pop3("pop3", Lab.POP3).user(user, token).run("pop3");
        AppRun.Result tls = new AppRun(MailApi.JAKARTA).pop3("pop3s", Lab.POP3S).user(user, token).run("pop3");

        assertThat(plain.out()).as(plain::toString).startsWith("POP3 OK io.github.mailoauth2.internal.angus.OAuth2Pop3Store messages=0");
        assertThat(tls.out()).as(tls::toString).startsWith("POP3 OK io.github.mailoauth2.internal.angus.OAuth2Pop3SslStore");
        // opening INBOX reconnects with the token renewed from the same source, quietly
        assertThat(plain.err() + tls.err()).doesNotContain("WARNING");
    }

    @Test
    void aRejectedTokenFailsAtConnectWithTheReason() throws Exception {
        String token = Lab.bogusToken();

        AppRun.Result r = new AppRun(MailApi.JAKARTA).pop3("pop3", Lab.POP3).user(Lab.newUser(), token).run("pop3");

        assertThat(r.exitCode()).as(r::toString).isEqualTo(1);
        assertThat(r.out()).startsWith("FAILED jakarta.mail.AuthenticationFailedException: ")
                .contains("XOAUTH2: the server rejected the access token").doesNotContain(token);
    }
}
