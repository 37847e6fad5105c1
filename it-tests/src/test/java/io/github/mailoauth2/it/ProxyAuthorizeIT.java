package io.github.mailoauth2.it;

import static io.github.mailoauth2.it.Tinyproxy.PASSWORD;
import static io.github.mailoauth2.it.Tinyproxy.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: the command line's {@code authorize} sends its token requests (the code exchange, the
 * device authorization and its polls) through the proxy that {@code MAIL_OAUTH2_PROXY} sets, as the
 * library does. Keycloak's endpoints sit behind a TLS relay that answers only what crosses tinyproxy
 * ({@link RelayingTokenEndpoint}), so each request the relay served went through the proxy, and any
 * that came directly is counted; the proxy's log shows the tunnels. The browser (kc_login.py) talks
 * to Keycloak's login pages directly, as a user's browser with its own proxy settings would.
 */
class ProxyAuthorizeIT {
    private static final String ALICE = "alice@example.test";
    @TempDir
    static Path dir;
    private static TestCa ca;
    private static RelayingTokenEndpoint endpoint;

    @BeforeAll
    static void endpoint() throws Exception {
        assumeTrue(Tinyproxy.installed(), "needs tinyproxy (it-tests/lab/install.sh installs it)");
        ca = TestCa.create(dir);
        endpoint = new RelayingTokenEndpoint(ca.serverKeys, TestCa.PASSWORD,
                Map.of("/token", Lab.KC_OIDC + "/token", "/device", Lab.KC_OIDC + "/auth/device"));
    }

    @AfterAll
    static void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    /** Keycloak's public client with the token and device endpoints behind the relay, and the proxy in the environment. */
    private static String[] authorize(String... more) {
        List<String> args = new ArrayList<>(List.of("authorize", "--user", ALICE, "--token-url", endpoint.url(),
                "--authorization-url", Lab.KC_OIDC + "/auth", "--device-url", endpoint.url("/device"), "--client-id", "mail-cli",
                "--scope", "openid offline_access", "--store", dir.resolve("tokens-" + System.nanoTime() + ".json").toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static Map<String, String> environment(Tinyproxy proxy, boolean credentials) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("MAIL_OAUTH2_PROXY", proxy.url(),
                "MAIL_OAUTH2_TRUST_STORE", ca.trustStore.toString(), "MAIL_OAUTH2_TRUST_STORE_PASSWORD", TestCa.PASSWORD));
        if (credentials) {
            env.put("MAIL_OAUTH2_PROXY_USER", USER);
            env.put("MAIL_OAUTH2_PROXY_PASSWORD", PASSWORD);
        }
        return env;
    }

    /** Checks that the relay served {@code requests}, none came directly, and the proxy's log has the tunnels. */
    private static long assertAllCrossedTheProxy(Tinyproxy proxy, CliRun run, int relayedBefore, int directBefore) throws Exception {
        assertThat(run.exitCode()).as(run::toString).isZero();
        run.secretLine("Refresh Token");
        run.secretLine("Access Token");
        int requests = endpoint.relayed.get() - relayedBefore;
        long tunnels = proxy.connects(endpoint.hostPort());
        assertThat(endpoint.direct.get()).as("requests that came directly").isEqualTo(directBefore);
        assertThat(tunnels).as("tunnels in the proxy's log").isPositive().isLessThanOrEqualTo(requests);
        System.out.println("ProxyAuthorizeIT: " + requests + " request(s) at the endpoint, all through the proxy; "
                + tunnels + " tunnel(s) in the proxy's log");
        return requests;
    }

    @Test
    void theBrowserFlowExchangesTheCodeThroughTheProxyWithCredentials() throws Exception {
        try (Tinyproxy proxy = Tinyproxy.start(dir, USER, PASSWORD)) {
            int relayed = endpoint.relayed.get();
            int direct = endpoint.direct.get();
            String browser = "/usr/bin/python3 " + Lab.scripts().resolve("keycloak/kc_login.py") + " login %s -u " + ALICE + " --deliver";

            CliRun run = CliRun.run(environment(proxy, true), true, authorize("--browser", browser));

            assertThat(assertAllCrossedTheProxy(proxy, run, relayed, direct)).as("the code exchange").isEqualTo(1);
            assertThat(proxy.connects(endpoint.hostPort())).isEqualTo(1);
        }
    }

    @Test
    void theDeviceFlowStartsAndPollsThroughTheProxy() throws Exception {
        try (Tinyproxy proxy = Tinyproxy.start(dir, null, null)) {
            int relayed = endpoint.relayed.get();
            int direct = endpoint.direct.get();
            try (CliRun run = CliRun.start(environment(proxy, false), true, authorize("--device"))) {
                String complete = run.awaitErr(Pattern.compile("\\(or open (\\S+)\\)"), Duration.ofSeconds(60));
                run.awaitErr(Pattern.compile("Waiting for the approval\\.\\.\\."), Duration.ofSeconds(60));
                Process approve = new ProcessBuilder(List.of("/usr/bin/python3", Lab.scripts().resolve("keycloak/kc_login.py").toString(),
                        "login", complete, "-u", ALICE)).redirectErrorStream(true).start();
                assertThat(new String(approve.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("DEVICE_LOGIN_OK");
                run.await(Duration.ofSeconds(90));

                assertThat(assertAllCrossedTheProxy(proxy, run, relayed, direct))
                        .as("the device authorization and at least one poll").isGreaterThanOrEqualTo(2);
            }
        }
    }

    @Test
    void withoutTheProxyTheRelayRefusesWhatCameDirectly() throws Exception {
        int direct = endpoint.direct.get();

        CliRun run = CliRun.run(Map.of("MAIL_OAUTH2_TRUST_STORE", ca.trustStore.toString(),
                "MAIL_OAUTH2_TRUST_STORE_PASSWORD", TestCa.PASSWORD), false, authorize("--device"));

        assertThat(run.exitCode()).as(run::toString).isNotZero();
        assertThat(endpoint.direct.get()).as(run::toString).isGreaterThan(direct);
    }
}
