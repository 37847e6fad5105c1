package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** An unmodified application logs in to real Dovecot IMAP, which checks each token with the OAuth2 server. */
class ImapLoginIT {

    @ParameterizedTest
    @EnumSource(MailApi.class)
    void xoauth2WithSaslIrSendsTheTokenOnTheAuthenticateLine(MailApi api) throws Exception {
        String user = Lab.newUser();
        try (TapProxy tap = TapProxy.transparent(Lab.IMAP)) {
            AppRun.Result r = new AppRun(api).imap("imap", tap.port(), "XOAUTH2").user(user, Lab.mockToken(user)).run("imap");

            assertThat(r.exitCode()).as(r::toString).isZero();
            assertThat(r.out()).startsWith("IMAP OK " + api.implementation().adapters.packagePrefix);
            assertThat(r.ourClientLoggedIn()).as(r::toString).isTrue();
            assertThat(tap.clientLines()).anyMatch(line -> line.matches("\\S+ AUTHENTICATE XOAUTH2 [A-Za-z0-9+/=]{40,}"));
        }
    }

    @ParameterizedTest
    @EnumSource(MailApi.class)
    void xoauth2WithoutSaslIrAnswersTheEmptyContinuation(MailApi api) throws Exception {
        String user = Lab.newUser();
        try (TapProxy tap = new TapProxy(Lab.IMAP, line -> line.replace(" SASL-IR", ""))) {
            AppRun.Result r = new AppRun(api).imap("imap", tap.port(), "XOAUTH2").user(user, Lab.mockToken(user)).run("imap");

            assertThat(r.exitCode()).as(r::toString).isZero();
            assertThat(r.ourClientLoggedIn()).as(r::toString).isTrue();
            assertThat(tap.clientLines()).anyMatch(line -> line.matches("\\S+ AUTHENTICATE XOAUTH2"))
                    .noneMatch(line -> line.matches("\\S+ AUTHENTICATE XOAUTH2 .+"));
        }
    }

    @ParameterizedTest
    @EnumSource(MailApi.class)
    void oauthbearerOverImaps(MailApi api) throws Exception {
        String user = Lab.newUser();

        AppRun.Result r = new AppRun(api).imap("imaps", Lab.IMAPS, "OAUTHBEARER").user(user, Lab.mockToken(user)).run("imap");

        assertThat(r.exitCode()).as(r::toString).isZero();
        assertThat(r.out()).startsWith("IMAP OK " + api.implementation().adapters.packagePrefix);
        assertThat(r.err()).contains("OAUTHBEARER: sent " + user + "'s access token to imaps server 127.0.0.1:" + Lab.IMAPS);
    }

    @ParameterizedTest
    @EnumSource(MailApi.class)
    void aRejectedTokenFailsWithTheServersDecodedReasonAndNoToken(MailApi api) throws Exception {
        String token = Lab.bogusToken();

        AppRun.Result r = new AppRun(api).imap("imap", Lab.IMAP, "XOAUTH2").user(Lab.newUser(), token).run("imap");

        assertThat(r.exitCode()).as(r::toString).isEqualTo(1);
        assertThat(r.out()).startsWith("FAILED " + api.authenticationFailed() + ": ")
                .contains("XOAUTH2: the server rejected the access token (status ")
                .doesNotContain(token);
        assertThat(r.err()).doesNotContain(token);
    }

    @ParameterizedTest
    @EnumSource(MailApi.class)
    void aTokenForAnotherUserIsRejected(MailApi api) throws Exception {
        AppRun.Result r = new AppRun(api).imap("imap", Lab.IMAP, "OAUTHBEARER")
                .user(Lab.newUser(), Lab.mockToken(Lab.newUser())).run("imap");

        assertThat(r.exitCode()).as(r::toString).isEqualTo(1);
        assertThat(r.out()).contains("OAUTHBEARER: the server rejected the access token (status ");
    }
}
