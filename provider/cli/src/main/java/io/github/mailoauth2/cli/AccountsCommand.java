package io.github.mailoauth2.cli;

import io.github.mailoauth2.internal.store.TokenStores;
import io.github.mailoauth2.store.StoredAccount;
import io.github.mailoauth2.store.TokenStore;
import io.github.mailoauth2.token.OAuth2Config;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The stored accounts, never their tokens. */
@Command(name = "accounts", mixinStandardHelpOptions = true,
        description = {"List the accounts in the token store, never their tokens.",
                "For each account: where its tokens come from (the token endpoint and client), its scopes, how old its"
                        + " refresh token is, when the access token expires, when a refresh last succeeded, and whether the"
                        + " token endpoint refused the refresh token for good (re-authorization needed, with the server's"
                        + " reason)."})
final class AccountsCommand implements Callable<Integer> {
    @Option(names = "--store", paramLabel = "STORE", description = HelpLayout.STORE_DESCRIPTION)
    String store;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        // named by the store, not by --store: a JDBC URL may hold a password
        TokenStore tokens = TokenStores.open(OAuth2Config.of("imap", store == null ? Map.of() : Map.of("mail.oauth2.store", store)));
        Map<String, StoredAccount> accounts = tokens.readAll();
        if (accounts.isEmpty()) {
            out.println("No accounts in " + tokens + ". Add one with: mail-oauth2 authorize --user ADDRESS ...");
            return 0;
        }
        out.println(accounts.size() + (accounts.size() == 1 ? " account" : " accounts") + " in " + tokens + ":");
        Instant now = Instant.now();
        for (Map.Entry<String, StoredAccount> entry : new java.util.TreeMap<>(accounts).entrySet()) {
            StoredAccount account = entry.getValue();
            out.println();
            out.println(entry.getKey());
            out.println("  source:        refresh token from " + orNone(account.tokenUrl()) + ", client " + orNone(account.clientId()));
            out.println("  scopes:        " + orNone(account.scope()));
            out.println("  refresh token: " + refreshState(account, now));
            out.println("  access token:  " + accessState(account, now));
            out.println("  last refresh:  " + (account.lastRefreshAt() == null ? "none recorded"
                    : account.lastRefreshAt() + " (" + age(account.lastRefreshAt(), now) + " ago)"));
            out.println("  status:        " + status(entry.getKey(), account));
            out.println("  updated:       " + account.updatedAt());
        }
        return 0;
    }

    private static String refreshState(StoredAccount account, Instant now) {
        if (account.refreshToken() == null) {
            return "none";
        }
        return account.refreshTokenIssuedAt() == null ? "stored, age unknown"
                : "stored, " + age(account.refreshTokenIssuedAt(), now) + " old";
    }

    /** What needs doing: nothing, or a new authorization, with the server's reason (never a token). */
    private static String status(String user, StoredAccount account) {
        String authorize = "; run: mail-oauth2 authorize --user " + user;
        if (account.refusal() != null) {
            return "re-authorization needed: the token endpoint refused the refresh token: " + account.refusal() + authorize;
        }
        return account.refreshToken() == null ? "no refresh token" + authorize : "ok";
    }

    /** "42 s", "3 min", "5 h", "12 days": the largest unit with a count above one. */
    static String age(Instant then, Instant now) {
        Duration d = Duration.between(then, now);
        if (d.isNegative()) {
            d = Duration.ZERO; // another machine's clock a little ahead
        }
        if (d.toMinutes() < 2) {
            return d.toSeconds() + " s";
        }
        if (d.toHours() < 2) {
            return d.toMinutes() + " min";
        }
        return d.toDays() < 2 ? d.toHours() + " h" : d.toDays() + " days";
    }

    private static String accessState(StoredAccount account, Instant now) {
        if (account.accessToken() == null) {
            return "none";
        }
        if (account.accessTokenExpiresAt() == null) {
            return "stored, expiry unknown";
        }
        Duration left = Duration.between(now, account.accessTokenExpiresAt());
        return left.isNegative() ? "expired at " + account.accessTokenExpiresAt()
                : "valid until " + account.accessTokenExpiresAt() + " (" + left.toMinutes() + " min)";
    }

    private static String orNone(String value) {
        return value == null ? "-" : value;
    }
}
