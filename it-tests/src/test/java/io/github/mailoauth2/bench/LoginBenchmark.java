package io.github.mailoauth2.bench;

import com.google.gson.JsonParser;
import io.github.mailoauth2.MailOAuth2;
import io.github.mailoauth2.internal.sasl.OAuth2SaslProvider;
import io.github.mailoauth2.internal.sources.OAuth2Client;
import io.github.mailoauth2.store.StoredAccount;
import io.github.mailoauth2.internal.store.FileTokenStore;
import io.github.mailoauth2.token.OAuth2Config;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Security;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * What mail-oauth2 costs and saves, side by side in one run, against the lab's Dovecot and Keycloak
 * (it-tests/lab/start.sh first): IMAP connect + XOAUTH2 + logout with Angus Mail's own client, with
 * ours and the token as password, and with ours fetching the token from a warm cache; then a token
 * from the cache against a refresh at Keycloak. Figures, not assertions: run it, read it.
 *
 * <pre>it-tests/bench/run.sh [ROUNDS]</pre>
 */
public final class LoginBenchmark {
    private static final String KC = "http://127.0.0.1:18081/realms/mail/protocol/openid-connect";
    private static final String ALICE = "alice@example.test";

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        String labScripts = System.getProperty("lab.scripts", "it-tests/lab");
        Map<String, String> login = keycloakLogin(labScripts);
        Path store = Files.createTempDirectory("bench").resolve("tokens.json");
        new FileTokenStore(store).locked(ALICE, tx -> {
            tx.save(new StoredAccount(login.get("refresh_token"), null, null, null, null, null, Instant.now()));
            return null;
        });
        String token = login.get("access_token");

        System.out.printf("IMAP connect + AUTHENTICATE XOAUTH2 + logout, Dovecot checking each token with Keycloak,"
                + " %d rounds each (after 20 warm-up rounds)%n%n", rounds);
        System.setProperty(MailOAuth2.AUTO_INSTALL_PROPERTY, "false");
        Security.removeProvider(OAuth2SaslProvider.NAME);
        double[] angus = measure(rounds, () -> imapLogin(props(Map.of()), token));
        MailOAuth2.install();
        double[] ours = measure(rounds, () -> imapLogin(props(Map.of()), token));
        Map<String, String> refreshing = Map.of("mail.oauth2.token-url", KC + "/token", "mail.oauth2.client-id", "mail-cli",
                "mail.oauth2.store", store.toString());
        double[] cached = measure(rounds, () -> imapLogin(props(refreshing), "dummy"));
        row("Angus Mail's own XOAUTH2 client, token as password", angus, angus);
        row("mail-oauth2, token as password (static source)", ours, angus);
        row("mail-oauth2, refresh-token source, warm cache", cached, angus);

        System.out.printf("%nGetting a token: cache hit vs. refresh-token grant at Keycloak (rotating refresh tokens)%n%n");
        var source = io.github.mailoauth2.MailOAuth2.tokenSource("imap", refreshing);
        var request = new io.github.mailoauth2.token.TokenRequest(ALICE, "imap", "127.0.0.1", 11143);
        double[] hits = measure(rounds * 50, () -> source.token(request, null).value());
        OAuth2Client client = OAuth2Client.of(OAuth2Config.of("imap", Map.of("mail.oauth2.token-url", KC + "/token",
                "mail.oauth2.client-id", "mail-cli")));
        String[] refreshToken = {new FileTokenStore(store).read(ALICE).orElseThrow().refreshToken()};
        double[] refreshes = measure(Math.min(rounds, 50), () -> {
            var fresh = client.refresh(refreshToken[0]);
            refreshToken[0] = fresh.refreshToken() != null ? fresh.refreshToken() : refreshToken[0];
            return fresh.accessToken().value();
        });
        row("cached token (CachingTokenSource hit)", hits, refreshes);
        row("refresh-token grant at Keycloak", refreshes, refreshes);
        Runtime runtime = Runtime.getRuntime();
        System.out.printf("%nHeap in use at the end: %.1f MiB%n", (runtime.totalMemory() - runtime.freeMemory()) / 1048576.0);
    }

    private static Properties props(Map<String, String> extra) {
        Properties props = new Properties();
        props.setProperty("mail.imap.sasl.enable", "true");
        props.setProperty("mail.imap.sasl.mechanisms", "XOAUTH2");
        props.putAll(extra);
        return props;
    }

    private static String imapLogin(Properties props, String password) throws Exception {
        Store store = Session.getInstance(props).getStore("imap");
        store.connect("127.0.0.1", 11143, ALICE, password);
        store.close();
        return "";
    }

    /** Milliseconds per call, sorted, after up to 20 warm-up calls. */
    private static double[] measure(int rounds, Callable<String> call) throws Exception {
        return Timing.measure(Math.min(20, rounds), rounds, call);
    }

    private static void row(String name, double[] millis, double[] baseline) {
        double median = millis[millis.length / 2];
        System.out.printf("  %-55s median %9.4f ms   p95 %9.4f ms   x%.3f%n", name, median,
                millis[(int) (millis.length * 0.95)], median / baseline[baseline.length / 2]);
    }

    private static Map<String, String> keycloakLogin(String labScripts) throws Exception {
        Process p = new ProcessBuilder(List.of("/usr/bin/python3", Path.of(labScripts, "keycloak/kc_login.py").toString(),
                "authcode", "-u", ALICE, "-c", "mail-cli")).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        var json = JsonParser.parseString(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        return Map.of("access_token", json.get("access_token").getAsString(), "refresh_token", json.get("refresh_token").getAsString());
    }
}
