package io.github.mailoauth2.cli;

import io.github.mailoauth2.internal.sources.OAuth2Client;
import io.github.mailoauth2.store.StoredAccount;
import io.github.mailoauth2.store.TokenStore;
import io.github.mailoauth2.token.OAuth2Config;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** oauth2.py's {@code --refresh_token}: a new access token, from the store or a given refresh token. */
@Command(name = "refresh", mixinStandardHelpOptions = true,
        description = {"Get a new access token with a refresh token.",
                "The refresh token is the stored one of --user (the store is updated, a rotated refresh token"
                        + " included), or the one given with --refresh-token (nothing is stored). The output is"
                        + " oauth2.py's: the access token and its lifetime, or with --quiet the token alone."},
        footer = {"Examples:",
                "  mail-oauth2 refresh --user you@gmail.com --client-secret SECRET",
                "  mail-oauth2 refresh --provider google --client-id ID --client-secret SECRET \\",
                "      --refresh-token 1//0g... --quiet"})
final class RefreshCommand implements Callable<Integer> {
    @ArgGroup(multiplicity = "1")
    Which which;

    static final class Which {
        @Option(names = {"-u", "--user"}, paramLabel = "ADDRESS", description = "Refresh the stored account of this address.")
        String user;

        @Option(names = "--refresh-token", paramLabel = "TOKEN", description = "Refresh this token instead.")
        String refreshToken;
    }

    @Option(names = "--quiet", description = "Print only the access token.")
    boolean quiet;

    @Mixin
    ClientOptions client = new ClientOptions();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        return run(spec.commandLine().getOut());
    }

    int run(PrintWriter out) throws IOException {
        OAuth2Client oauth = OAuth2Client.of(OAuth2Config.of("imap", StoredClient.properties(client, which.user)));
        OAuth2Client.Tokens tokens;
        if (which.refreshToken != null) {
            tokens = oauth.refresh(which.refreshToken);
        } else {
            TokenStore store = client.tokenStore();
            tokens = store.locked(which.user, tx -> {
                StoredAccount stored = tx.current().filter(a -> a.refreshToken() != null).orElseThrow(() ->
                        CliFailure.auth("no refresh token for " + which.user + " in " + store + "; run authorize first"));
                OAuth2Client.Tokens fresh = oauth.refresh(stored.refreshToken());
                Instant now = Instant.now();
                // a rotated refresh token is saved before anyone uses the new access token
                tx.save(stored.withRefreshToken(fresh.refreshToken() != null ? fresh.refreshToken() : stored.refreshToken(), now)
                        .withAccessToken(fresh.accessToken().value(), fresh.accessToken().expiresAt().orElse(null), now));
                return fresh;
            });
        }
        TokenLines.printAccess(out, tokens, quiet);
        return 0;
    }
}
