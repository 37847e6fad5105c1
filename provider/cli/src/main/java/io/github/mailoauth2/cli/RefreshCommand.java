package io.github.mailoauth2.cli;

import io.github.mailoauth2.internal.sources.OAuth2Client;
import io.github.mailoauth2.internal.sources.TokenSourceRegistry;
import io.github.mailoauth2.store.StoredAccount;
import io.github.mailoauth2.token.AccessToken;
import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.TokenRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * oauth2.py's {@code --refresh_token}: a new access token, from the store or a given refresh token,
 * or fresh from any other token source.
 */
@Command(name = "refresh", mixinStandardHelpOptions = true,
        description = {"Get a new access token with a refresh token, or from any token source.",
                "The refresh token is the stored one of --user (the store is updated, a rotated refresh token"
                        + " included), or the one given with --refresh-token (nothing is stored). When --source (or"
                        + " -Dmail.oauth2.source, MAIL_OAUTH2_SOURCE) names another source, such as client-credentials,"
                        + " google-service-account or command, --user's token comes from it, fetched anew. The output is"
                        + " oauth2.py's: the access token and its lifetime, or with --quiet the token alone."
                        + " --all refreshes every stored account, for a cron job or systemd timer that keeps unused"
                        + " refresh tokens alive; it prints one line each, never a token."},
        footer = {"Examples:",
                "  mail-oauth2 refresh --user you@gmail.com --client-secret SECRET",
                "  mail-oauth2 refresh --provider google --client-id ID --client-secret SECRET \\",
                "      --refresh-token 1//0g... --quiet",
                "  mail-oauth2 refresh --all          (exit status 1 if any failed)",
                "  MAIL_OAUTH2_CLIENT_SECRET=... mail-oauth2 refresh --user shared@contoso.com \\",
                "      --source client-credentials --provider microsoft \\",
                "      --tenant contoso.onmicrosoft.com --client-id ID",
                "  mail-oauth2 refresh --user you@example.com --source google-service-account \\",
                "      --service-account-file sa.json --quiet"})
final class RefreshCommand implements Callable<Integer> {
    private static final String REFRESH_TOKEN = "refresh-token";

    @ArgGroup(multiplicity = "1")
    Which which;

    static final class Which {
        @Option(names = {"-u", "--user"}, paramLabel = "ADDRESS",
                description = "Refresh the stored account of this address, or get its token from --source.")
        String user;

        @Option(names = "--refresh-token", paramLabel = "TOKEN", description = "Refresh this token instead.")
        String refreshToken;

        @Option(names = "--all", description = "Refresh every stored account; prints one line each, never a token.")
        boolean all;
    }

    @Option(names = "--quiet", description = "Print only the access token.")
    boolean quiet;

    @Mixin
    SourceOptions client = new SourceOptions();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        return run(spec.commandLine().getOut());
    }

    int run(PrintWriter out) throws IOException {
        if (which.all) {
            if (client.source != null && !client.source.equals(REFRESH_TOKEN)) {
                throw CliFailure.usage("--all refreshes the stored accounts' refresh tokens; --source " + client.source
                        + " has no stored accounts: give --user");
            }
            return refreshAll(out);
        }
        if (which.refreshToken != null) {
            OAuth2Client oauth = OAuth2Client.of(OAuth2Config.of("imap", StoredClient.properties(client, which.user)));
            TokenLines.printAccess(out, oauth.refresh(which.refreshToken).accessToken(), quiet);
            return 0;
        }
        Map<String, String> props = StoredClient.properties(client, which.user);
        String source = StoredClient.configuredSource(props).orElse(REFRESH_TOKEN);
        TokenLines.printAccess(out, source.equals(REFRESH_TOKEN) ? refreshStored(StoredClient.entry(client, which.user), props)
                : fromSource(props, which.user), quiet);
        return 0;
    }

    /**
     * A token from another source than the stored refresh token, fetched anew: a registry of its own
     * shares no cache with anything, and these sources keep no tokens in the store.
     */
    private static AccessToken fromSource(Map<String, String> props, String user) throws IOException {
        try (TokenSourceRegistry fresh = new TokenSourceRegistry()) {
            // no mail server is involved: the token is the account's, whatever server it is used on
            return fresh.forConnection("imap", props).token(new TokenRequest(user, "imap", "", 0), null);
        }
    }

    /** Each stored account with its own stored client; one failure (an unreadable row included) does not stop the others. */
    private int refreshAll(PrintWriter out) throws IOException {
        Map<String, IOException> unreadable = new TreeMap<>();
        Map<String, StoredAccount> accounts = AccountsCommand.readAll(client.tokenStore(), unreadable);
        int failed = unreadable.size();
        unreadable.forEach((user, e) -> out.println(user + ": FAILED " + e.getMessage()));
        for (Map.Entry<String, StoredAccount> account : new TreeMap<>(accounts).entrySet()) {
            String user = account.getKey();
            try {
                Instant expires = refreshStored(user, StoredClient.properties(client, user, Optional.of(account.getValue())))
                        .expiresAt().orElse(null);
                out.println(user + ": refreshed" + (expires == null ? "" : ", access token valid until " + expires));
            } catch (IOException | CliFailure e) {
                failed++;
                out.println(user + ": FAILED " + e.getMessage());
            }
        }
        return failed == 0 ? 0 : Main.AUTH_FAILED;
    }

    /**
     * Refreshes {@code user}'s stored refresh token at the client {@code props} names ({@link StoredClient#properties}),
     * and saves the answer, as the library's refresh-token source does.
     */
    private AccessToken refreshStored(String user, Map<String, String> props) throws IOException {
        return OAuth2Client.of(OAuth2Config.of("imap", props)).refreshStored(client.tokenStore(), user);
    }
}
