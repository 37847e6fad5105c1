package io.github.mailoauth2.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** For mail programs' password commands: the access token alone on stdout, errors on stderr. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Print a current access token for an account, for mail programs.",
                "The token is the stored one while it is good, else a refreshed one (the store is updated, a rotated"
                        + " refresh token included), or one from any token source the mail-oauth2 configuration names."
                        + " Only the token goes to standard output, so that mutt, msmtp, mbsync, OfflineIMAP, fetchmail"
                        + " or git send-email can run this as their password command; errors go to standard error."},
        footer = {"Examples:",
                "  mail-oauth2 token --user you@gmail.com --client-secret SECRET",
                "  msmtp's ~/.msmtprc:  passwordeval \"mail-oauth2 token --user you@contoso.com\"",
                "",
                "Exit status: 0 printed a token, 1 no token (no such account, refresh refused or failed),"
                        + " 2 usage error."})
final class TokenCommand implements Callable<Integer> {
    @Option(names = {"-u", "--user"}, required = true, paramLabel = "ADDRESS", description = "The stored account's mailbox address.")
    String user;

    @Mixin
    SourceOptions client = new SourceOptions();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        return run(spec.commandLine().getOut());
    }

    int run(PrintWriter out) throws IOException {
        // no mail server is involved: the token is the account's, whatever server it is used on
        out.println(StoredClient.accessToken(client, user, "", 0).value());
        out.flush();
        return 0;
    }
}
