package io.github.mailoauth2.it;

import static io.github.mailoauth2.it.Tinyproxy.PASSWORD;
import static io.github.mailoauth2.it.Tinyproxy.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: the token endpoint behind a real HTTP proxy (tinyproxy) and signed by a private CA. The
 * endpoint (TLS, a test CA's certificate) answers only what crosses the proxy, and the proxy's log
 * counts every tunnel: a login that works proves that each token request went through it. From the
 * drop-in jar, the library and the CLI's jar; with and without proxy credentials; with the
 * {@code proxy} key and with the JVM's own proxy settings (and {@code http.nonProxyHosts} that bypasses them). A wrong password, a proxy that is not
 * there and a certificate the trust store does not trust are errors that say which.
 */
class ProxyTokenEndpointIT {
    @TempDir
    static Path dir;
    private static TestCa ca;
    private static RelayingTokenEndpoint endpoint;

    @BeforeAll
    static void endpoint() throws Exception {
        assumeTrue(Tinyproxy.installed(), "needs tinyproxy (it-tests/lab/install.sh installs it)");
        ca = TestCa.create(dir);
        endpoint = new RelayingTokenEndpoint(ca.serverKeys, TestCa.PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    /** An IMAP login with client credentials from the relaying endpoint, trusting the test CA only. */
    private static AppRun login(AppRun app, String user) {
        return app.imap("imap", Lab.IMAP, "XOAUTH2").user(user, "dummy")
                .set("mail.oauth2.source", "client-credentials")
                .set("mail.oauth2.token-url", endpoint.url())
                .set("mail.oauth2.client-id", user)
                .set("mail.oauth2.client-secret", "app-secret")
                .set("mail.oauth2.scope", "mail")
                .set("mail.oauth2.trust-store", ca.trustStore.toString())
                .env("MAIL_OAUTH2_TRUST_STORE_PASSWORD", TestCa.PASSWORD);
    }

    private static AppRun dropIn() {
        List<String> classPath = new ArrayList<>(List.of(PluginJarIT.pluginJar()));
        classPath.addAll(MailApi.JAKARTA.implementation().jars());
        return new AppRun(MailApi.JAKARTA).classPathOverride(classPath);
    }

    /** Logs in through {@code proxy} and checks that every request the endpoint served crossed it, and no other came. */
    private static void assertLoggedInThrough(Tinyproxy proxy, AppRun app) throws Exception {
        int before = endpoint.relayed.get();
        int directBefore = endpoint.direct.get();
        AppRun.Result r = app.run("imap");

        assertThat(r.exitCode()).as(r::toString).isZero();
        int requests = endpoint.relayed.get() - before;
        assertThat(requests).as(r::toString).isPositive();
        assertThat(endpoint.direct.get()).isEqualTo(directBefore);
        assertThat(proxy.connects(endpoint.hostPort())).as("tunnels in the proxy's log").isEqualTo(requests);
        System.out.println("ProxyTokenEndpointIT: " + requests + " token request(s), " + proxy.connects(endpoint.hostPort())
                + " tunnel(s) in the proxy's log");
    }

    @Test
    void theEndpointAnswersOnlyWhatCrossesTheProxy() throws Exception {
        int before = endpoint.direct.get();

        AppRun.Result r = login(new AppRun(MailApi.JAKARTA), Lab.newUser()).run("imap");

        assertThat(r.exitCode()).as(r::toString).isNotZero();
        assertThat(endpoint.direct.get()).as(r::toString).isGreaterThan(before);
    }

    @Test
    void theDropInJarThroughTheProxyKey() throws Exception {
        try (Tinyproxy proxy = Tinyproxy.start(dir, null, null)) {
            assertLoggedInThrough(proxy, login(dropIn(), Lab.newUser()).set("mail.oauth2.proxy", proxy.url()));
        }
    }

    @Test
    void theLibraryWithProxyCredentialsFromTheEnvironment() throws Exception {
        try (Tinyproxy proxy = Tinyproxy.start(dir, USER, PASSWORD)) {
            assertLoggedInThrough(proxy, login(new AppRun(MailApi.JAKARTA), Lab.newUser())
                    .set("mail.oauth2.proxy", proxy.url()).set("mail.oauth2.proxy-user", USER)
                    .env("MAIL_OAUTH2_PROXY_PASSWORD", PASSWORD));
        }
    }

    @Test
    void theDropInJarWithProxyCredentials() throws Exception {
        try (Tinyproxy proxy = Tinyproxy.start(dir, USER, PASSWORD)) {
            assertLoggedInThrough(proxy, login(dropIn(), Lab.newUser())
                    .set("mail.oauth2.proxy", proxy.url()).set("mail.oauth2.proxy-user", USER)
                    .env("MAIL_OAUTH2_PROXY_PASSWORD", PASSWORD));
        }
    }

    @Test
    void theDropInJarThroughHttpsProxyWithCredentialsWhenOptedIn() throws Exception {
        try (Tinyproxy proxy = Tinyproxy.start(dir, USER, PASSWORD)) {
            assertLoggedInThrough(proxy, login(dropIn(), Lab.newUser()).env("MAIL_OAUTH2_PROXY", "env")
                    .env("HTTPS_PROXY", "http://" + USER + ":" + PASSWORD + "@127.0.0.1:" + proxy.port)
                    .env("NO_PROXY", "localhost,.corp.example"));
        }
    }

    @Test
    void httpsProxyIsNotReadWithoutTheOptInAndNoProxyKeepsTheEndpointAway() throws Exception {
        try (Tinyproxy proxy = Tinyproxy.start(dir, null, null)) {
            int before = endpoint.direct.get();

            AppRun.Result ignored = login(dropIn(), Lab.newUser()).env("HTTPS_PROXY", proxy.url()).run("imap");
            AppRun.Result bypassed = login(dropIn(), Lab.newUser()).env("MAIL_OAUTH2_PROXY", "env")
                    .env("HTTPS_PROXY", proxy.url()).env("NO_PROXY", "example.test, 127.0.0.0/8").run("imap");

            assertThat(endpoint.direct.get()).as(ignored + "\n" + bypassed).isEqualTo(before + 2);
            assertThat(proxy.connects(endpoint.hostPort())).isZero();
        }
    }

    @Test
    void aMalformedHttpsProxyNamesTheVariableWithoutItsPassword() throws Exception {
        AppRun.Result r = login(dropIn(), Lab.newUser()).env("MAIL_OAUTH2_PROXY", "env")
                .env("HTTPS_PROXY", "socks5://" + USER + ":" + PASSWORD + "@127.0.0.1:1080").run("imap");

        assertThat(r.out()).as(r::toString).contains("HTTPS_PROXY (read because mail.imap.oauth2.proxy (or")
                .contains("is env) is \"socks5://***@127.0.0.1:1080\": not an http://host:port URL").doesNotContain(PASSWORD);
        assertThat(r.exitCode()).isNotZero();
    }

    @Test
    void theCliJarThroughTheJvmsProxyProperties() throws Exception {
        try (Tinyproxy proxy = Tinyproxy.start(dir, null, null)) {
            // the JDK's ProxySelector never proxies loopback (the endpoint here); google-http-client's own switch
            // takes https.proxyHost for every request, and the shading must keep its name
            assertLoggedInThrough(proxy, login(new AppRun(MailApi.JAKARTA).classPathOverride(List.of(CliJarIT.cliJar())),
                    Lab.newUser()).jvmArg("-Dhttps.proxyHost=127.0.0.1").jvmArg("-Dhttps.proxyPort=" + proxy.port)
                    .jvmArg("-Dcom.google.api.client.should_use_proxy=true"));
        }
    }

    @Test
    void theDropInJarThroughTheJvmsProxySelector() throws Exception {
        try (Tinyproxy proxy = Tinyproxy.start(dir, null, null)) {
            // an empty http.nonProxyHosts lifts the JDK's default exemption of localhost and 127.*
            assertLoggedInThrough(proxy, login(dropIn(), Lab.newUser()).jvmArg("-Dhttps.proxyHost=127.0.0.1")
                    .jvmArg("-Dhttps.proxyPort=" + proxy.port).jvmArg("-Dhttp.nonProxyHosts="));
        }
    }

    @Test
    void httpNonProxyHostsKeepsTheEndpointAwayFromTheJvmsProxy() throws Exception {
        try (Tinyproxy proxy = Tinyproxy.start(dir, null, null)) {
            int before = endpoint.direct.get();

            AppRun.Result r = login(dropIn(), Lab.newUser()).jvmArg("-Dhttps.proxyHost=127.0.0.1")
                    .jvmArg("-Dhttps.proxyPort=" + proxy.port).jvmArg("-Dhttp.nonProxyHosts=127.0.0.1").run("imap");

            assertThat(endpoint.direct.get()).as(r::toString).isGreaterThan(before);
            assertThat(proxy.connects(endpoint.hostPort())).isZero();
        }
    }

    @Test
    void aWrongProxyPasswordNamesTheProxy() throws Exception {
        try (Tinyproxy proxy = Tinyproxy.start(dir, USER, PASSWORD)) {
            int before = endpoint.relayed.get();

            AppRun.Result r = login(dropIn(), Lab.newUser()).set("mail.oauth2.proxy", proxy.url())
                    .set("mail.oauth2.proxy-user", USER).env("MAIL_OAUTH2_PROXY_PASSWORD", "wrong").run("imap");

            assertThat(r.out()).as(r::toString).contains("the proxy 127.0.0.1:" + proxy.port + " (mail.imap.oauth2.proxy (or")
                    .contains("refused its credentials for the tunnel to " + endpoint.hostPort() + " (HTTP 40")
                    .contains("check proxy-user and proxy-password").doesNotContain(endpoint.url()).doesNotContain("wrong");
            assertThat(endpoint.relayed.get()).isEqualTo(before);
        }
    }

    @Test
    void noCredentialsForAProxyThatWantsThemNamesTheKeys() throws Exception {
        try (Tinyproxy proxy = Tinyproxy.start(dir, USER, PASSWORD)) {
            AppRun.Result r = login(dropIn(), Lab.newUser()).set("mail.oauth2.proxy", proxy.url()).run("imap");

            assertThat(r.out()).as(r::toString).contains("(HTTP 407): it wants credentials")
                    .contains("the proxy 127.0.0.1:" + proxy.port + " (mail.imap.oauth2.proxy (or").contains("; set proxy-user");
        }
    }

    @Test
    void aProxyThatIsNotThereIsNamed() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }

        AppRun.Result r = login(dropIn(), Lab.newUser()).set("mail.oauth2.proxy", "http://127.0.0.1:" + port).run("imap");

        assertThat(r.out()).as(r::toString).contains("cannot connect to the proxy 127.0.0.1:" + port + " (mail.imap.oauth2.proxy (or")
                .doesNotContain(endpoint.url());
    }

    @Test
    void aCertificateTheTrustStoreDoesNotTrustNamesTheHostAndTheKey() throws Exception {
        // the lab's trust store: a real one, without the test CA
        AppRun.Result r = login(dropIn(), Lab.newUser()).set("mail.oauth2.trust-store", Lab.truststore().toString())
                .env("MAIL_OAUTH2_TRUST_STORE_PASSWORD", "changeit").run("imap");

        assertThat(r.out()).as(r::toString).contains(endpoint.url() + " presented a TLS certificate that was refused")
                .contains("its CA must be in mail.imap.oauth2.trust-store (or");
        assertThat(r.exitCode()).isNotZero();
    }
}
