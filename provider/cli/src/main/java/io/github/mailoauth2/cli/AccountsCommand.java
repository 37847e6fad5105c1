package io.github.mailoauth2.cli;

import io.github.mailoauth2.internal.store.RowStore;
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
import java.util.TreeMap;
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
                        + " reason).",
                "An account that cannot be read (written under another store key, or changed in the table) is named"
                        + " with the reason, and the others are listed; the exit status is then 1.",
                "--seal is the migration to a database store's key (MAIL_OAUTH2_STORE_KEY): it encrypts the tokens of"
                        + " rows written without it and binds each row's token endpoint and client as the row says them now."
                        + " Check them with accounts first: after --seal, the command line sends refresh tokens and client"
                        + " secrets there."},
        footer = {"Examples:",
                "  mail-oauth2 accounts",
                "  MAIL_OAUTH2_STORE_KEY=... mail-oauth2 accounts --seal \\",
                "      --store jdbc:postgresql://db/mail"})
final class AccountsCommand implements Callable<Integer> {
    @Option(names = "--store", paramLabel = "STORE", description = HelpLayout.STORE_DESCRIPTION)
    String store;

    @Option(names = "--seal", description = "Encrypt a database store's rows with its key and bind their endpoints (see above).")
    boolean seal;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        // named by the store, not by --store: a JDBC URL may hold a password
        TokenStore tokens = TokenStores.open(OAuth2Config.of("imap", store == null ? Map.of() : Map.of("mail.oauth2.store", store)));
        if (seal) {
            return seal(tokens, out);
        }
        Map<String, IOException> unreadable = new TreeMap<>();
        Map<String, StoredAccount> accounts = readAll(tokens, unreadable);
        if (accounts.isEmpty() && unreadable.isEmpty()) {
            out.println("No accounts in " + tokens + ". Add one with: mail-oauth2 authorize --user ADDRESS ...");
            return 0;
        }
        out.println(accounts.size() + (accounts.size() == 1 ? " account" : " accounts") + " in " + tokens
                + (unreadable.isEmpty() ? "" : ", and " + unreadable.size() + " that cannot be read") + ":");
        unreadable.forEach((user, why) -> {
            out.println();
            out.println(user);
            out.println("  status:        UNREADABLE: " + why.getMessage());
        });
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
        return unreadable.isEmpty() ? 0 : Main.AUTH_FAILED;
    }

    /** Every readable account; a store of rows puts those that cannot be read into {@code unreadable}. */
    static Map<String, StoredAccount> readAll(TokenStore store, Map<String, IOException> unreadable) throws IOException {
        return store instanceof RowStore rows ? rows.readAll(unreadable) : store.readAll();
    }

    private static int seal(TokenStore tokens, PrintWriter out) throws IOException {
        if (!(tokens instanceof RowStore rows)) {
            throw CliFailure.usage(tokens + " is not a database store: it has no store key to seal its rows with");
        }
        Map<String, IOException> failed = new TreeMap<>();
        Map<String, StoredAccount> sealed = rows.seal(failed);
        out.println("Sealed " + sealed.size() + (sealed.size() == 1 ? " account" : " accounts") + " in " + tokens
                + (sealed.isEmpty() ? "; every other row was sealed already" : ":"));
        sealed.forEach((user, account) -> out.println("  " + user + ": token endpoint " + orNone(account.tokenUrl())
                + ", client " + orNone(account.clientId())));
        failed.forEach((user, why) -> out.println("  " + user + ": FAILED " + why.getMessage()));
        return failed.isEmpty() ? 0 : Main.AUTH_FAILED;
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
