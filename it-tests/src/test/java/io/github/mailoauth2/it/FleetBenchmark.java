package io.github.mailoauth2.it;

import io.github.mailoauth2.bench.Timing;
import io.github.mailoauth2.MailOAuth2;
import io.github.mailoauth2.internal.sources.TokenSourceRegistry;
import io.github.mailoauth2.internal.store.TokenStores;
import io.github.mailoauth2.store.StoredAccount;
import io.github.mailoauth2.store.TokenStore;
import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.TokenRequest;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The database store with 1, 4 and 16 instances on one account each, against the lab's Keycloak (60 s tokens,
 * rotating refresh tokens), Keycloak-checked Dovecot and PostgreSQL. An instance is a registry of token sources
 * of its own, as in a JVM of its own: its own cache, its own store and database connections. The three fleets
 * run side by side, each on its own account behind its own counting relay; then the connect latency with a
 * token from the cache against one read from the database. Figures, not assertions:
 *
 * <pre>it-tests/bench/run.sh fleet [SECONDS]</pre>
 */
public final class FleetBenchmark {
    private static final String ALICE = "alice@example.test";
    private static final TokenRequest REQUEST = new TokenRequest(ALICE, "imap", Lab.HOST, Lab.KC_IMAP);

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 130;
        List<Fleet> fleets = new ArrayList<>();
        for (int size : new int[] {1, 4, 16}) {
            fleets.add(new Fleet(size));
        }
        System.out.printf("Fleets on one account each, every instance taking a token every 0.5 s for %d s;"
                + " 60 s tokens refreshed 10 s ahead (one refresh per 50 s is the floor)%n%n", seconds);
        for (Fleet fleet : fleets) {
            fleet.start(seconds);
        }
        for (Fleet fleet : fleets) {
            fleet.join();
            System.out.printf("  %2d instances: %3d token requests = %.2f per 60 s lifetime, %d tokens taken, %d failures%n",
                    fleet.size, fleet.relay.requests(), fleet.relay.requests() * 60.0 / seconds, fleet.taken.get(), fleet.failed.get());
            fleet.relay.close();
        }

        int rounds = 200;
        Map<String, String> config = account("bench-latency-" + UUID.randomUUID(), Lab.KC_OIDC + "/token");
        System.out.printf("%nConnect latency, IMAP connect + XOAUTH2 + logout at the Keycloak-checked Dovecot, %d rounds:%n%n", rounds);
        MailOAuth2.install();
        imap(config); // the first refresh: from here on the row holds a token every cold cache takes
        double[] hit = measure(rounds, () -> imap(config));
        double[] cold = measure(rounds, () -> {
            MailOAuth2.shutdown(); // an instance with an empty cache: its token comes from the row
            MailOAuth2.install();
            return imap(config);
        });
        row("token from the cache", hit);
        row("token read from the database (cache empty)", cold);
        System.out.printf("%nThe token step alone, %d rounds:%n%n", rounds * 5);
        var source = MailOAuth2.tokenSource("imap", config);
        row("cache hit", measure(rounds * 5, () -> source.token(REQUEST, null).value()));
        row("database read (a new instance's first token)", measure(rounds, () -> {
            try (TokenSourceRegistry instance = new TokenSourceRegistry()) {
                return instance.forConnection("imap", config).token(REQUEST, null).value();
            }
        }));
        MailOAuth2.shutdown();
    }

    /** One account's configuration for the refresh-token source with the database store, its refresh token saved. */
    private static Map<String, String> account(String account, String tokenUrl) throws Exception {
        String refreshToken = Lab.keycloakLogin(ALICE, Lab.KC_APP, Lab.KC_APP_SECRET).get("refresh_token").getAsString();
        TokenStore store = TokenStores.open(OAuth2Config.of("imap", Postgres.store()));
        store.compareAndSet(account, null, new StoredAccount(refreshToken, null, null, null, null, null, Instant.now()));
        Map<String, String> config = new HashMap<>(Postgres.store());
        config.put("mail.oauth2.token-url", tokenUrl);
        config.put("mail.oauth2.client-id", Lab.KC_APP);
        config.put("mail.oauth2.client-secret", Lab.KC_APP_SECRET);
        config.put("mail.oauth2.account", account);
        config.put("mail.oauth2.refresh-margin", "10");
        return config;
    }

    private static String imap(Map<String, String> config) throws Exception {
        Properties props = new Properties();
        props.setProperty("mail.imap.sasl.enable", "true");
        props.setProperty("mail.imap.sasl.mechanisms", "XOAUTH2");
        props.putAll(config);
        Store store = Session.getInstance(props).getStore("imap");
        store.connect(Lab.HOST, Lab.KC_IMAP, ALICE, "dummy");
        store.close();
        return "";
    }

    /** Instances on one account, each a registry of its own, taking tokens in threads of their own. */
    private static final class Fleet {
        final int size;
        final CountingProxy relay;
        final Map<String, String> config;
        final AtomicInteger taken = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final List<Thread> threads = new ArrayList<>();

        Fleet(int size) throws Exception {
            this.size = size;
            relay = new CountingProxy(Lab.KC_OIDC + "/token");
            config = account("bench-fleet" + size + "-" + UUID.randomUUID(), relay.url());
        }

        void start(int seconds) {
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            for (int i = 0; i < size; i++) {
                Thread thread = new Thread(() -> {
                    try (TokenSourceRegistry instance = new TokenSourceRegistry()) {
                        while (System.nanoTime() < end) {
                            try {
                                instance.forConnection("imap", config).token(REQUEST, null);
                                taken.incrementAndGet();
                            } catch (Exception e) {
                                failed.incrementAndGet();
                                System.out.println("  failed: " + e.getMessage());
                            }
                            Thread.sleep(500);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "instance-" + size + "-" + i);
                threads.add(thread);
                thread.start();
            }
        }

        void join() throws InterruptedException {
            for (Thread thread : threads) {
                thread.join();
            }
        }
    }

    /** Milliseconds per call, sorted, after 10 warm-up calls. */
    private static double[] measure(int rounds, Callable<String> call) throws Exception {
        return Timing.measure(10, rounds, call);
    }

    private static void row(String name, double[] millis) {
        System.out.printf("  %-50s p50 %9.4f ms   p99 %9.4f ms%n", name, millis[millis.length / 2],
                millis[(int) Math.ceil(millis.length * 0.99) - 1]);
    }
}
