package io.github.mailoauth2.internal.sources;

import io.github.mailoauth2.store.StoredAccount;
import io.github.mailoauth2.store.TokenStore;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;

/**
 * {@code keep-alive}'s rounds: one per token store, however many sources (an IMAP and an SMTP configuration, several
 * clients) keep accounts of it alive. Each round reads the store once and lets every source refresh its own accounts
 * that are due; it runs as often as the most frequent of them asks.
 */
final class KeepAliveScans {
    private static final System.Logger LOG = System.getLogger(KeepAlive.class.getName());

    private final KeepAlive.Scheduler scheduler;
    /** By the store's name: each source opens a store of its own, and the name says which table or file it is. */
    private final Map<String, Scan> byStore = new HashMap<>();

    KeepAliveScans(KeepAlive.Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Adds {@code keepAlive}'s accounts to the rounds of {@code store}, which start now if it has none yet. */
    synchronized void add(TokenStore store, KeepAlive keepAlive) {
        Scan scan = byStore.computeIfAbsent(store.toString(), name -> new Scan(store));
        scan.members.add(keepAlive);
        Duration period = keepAlive.checkEvery();
        if (scan.period == null || period.compareTo(scan.period) < 0) {
            if (scan.rounds != null) {
                scan.rounds.cancel(false);
            }
            scan.period = period;
            scan.rounds = scheduler.every(period, scan);
        }
    }

    private static final class Scan implements Runnable {
        private final TokenStore store;
        private final List<KeepAlive> members = new CopyOnWriteArrayList<>();
        private Duration period;
        private Future<?> rounds;

        Scan(TokenStore store) {
            this.store = store;
        }

        @Override
        public void run() {
            Map<String, StoredAccount> accounts;
            try {
                accounts = store.readAll(); // a row that cannot be read is skipped with a warning by the store
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "keep-alive could not read the token store " + store + ": " + e.getMessage());
                return;
            }
            for (KeepAlive member : members) {
                member.refreshDue(accounts);
            }
        }
    }
}
