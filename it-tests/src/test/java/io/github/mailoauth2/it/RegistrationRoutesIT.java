package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Security;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each way of registering the provider, with the automatic one switched off so that only the route
 * under test can put our clients in charge. The control run shows that without any route the
 * mail library's own XOAUTH2 client logs in, so "our client logged in" really tells them apart.
 */
class RegistrationRoutesIT {
    private static final String NO_AUTO_INSTALL = "-Dmailoauth2.autoinstall=false";

    @ParameterizedTest
    @EnumSource(MailApi.class)
    void withoutAnyRouteTheLibrarysOwnClientLogsIn(MailApi api) throws Exception {
        AppRun.Result r = xoauth2Login(new AppRun(api).jvmArg(NO_AUTO_INSTALL));

        assertThat(r.exitCode()).as(r::toString).isZero();
        assertThat(r.ourClientLoggedIn()).as(r::toString).isFalse();
    }

    @ParameterizedTest
    @EnumSource(MailApi.class)
    void automaticallyOnTheClassPath(MailApi api) throws Exception {
        AppRun.Result r = xoauth2Login(new AppRun(api));

        assertThat(r.exitCode()).as(r::toString).isZero();
        assertThat(r.ourClientLoggedIn()).as(r::toString).isTrue();
    }

    @ParameterizedTest
    @EnumSource(MailApi.class)
    void javaAgent(MailApi api) throws Exception {
        AppRun.Result r = xoauth2Login(new AppRun(api).jvmArg(NO_AUTO_INSTALL)
                .withoutProviderOnClassPath().jvmArg("-javaagent:" + AppRun.providerJar()));

        assertThat(r.exitCode()).as(r::toString).isZero();
        assertThat(r.ourClientLoggedIn()).as(r::toString).isTrue();
    }

    @ParameterizedTest
    @EnumSource(MailApi.class)
    void javaSecurityProviderList(MailApi api) throws Exception {
        int next = 1;
        while (Security.getProperty("security.provider." + next) != null) {
            next++;
        }
        Path extra = Files.createTempFile("mail-oauth2-", ".security");
        Files.writeString(extra, "security.provider." + next + "=io.github.mailoauth2.internal.sasl.OAuth2SaslProvider\n");
        try {
            AppRun.Result r = xoauth2Login(new AppRun(api).jvmArg(NO_AUTO_INSTALL).jvmArg("-Djava.security.properties=" + extra));

            assertThat(r.exitCode()).as(r::toString).isZero();
            assertThat(r.ourClientLoggedIn()).as(r::toString).isTrue();
        } finally {
            Files.delete(extra);
        }
    }

    @Test
    void oneExplicitLineOfCode() throws Exception {
        AppRun.Result r = xoauth2Login(new AppRun(MailApi.JAKARTA).jvmArg(NO_AUTO_INSTALL).mainClass("example.codeapp.InstallingApp"));

        assertThat(r.exitCode()).as(r::toString).isZero();
        assertThat(r.ourClientLoggedIn()).as(r::toString).isTrue();
    }

    private static AppRun.Result xoauth2Login(AppRun app) throws Exception {
        String user = Lab.newUser();
        return app.imap("imap", Lab.IMAP, "XOAUTH2").user(user, Lab.mockToken(user)).run("imap");
    }
}
