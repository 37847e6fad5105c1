package io.github.mailoauth2.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * oauth2.py's {@code --test_imap_authentication} and {@code --test_smtp_authentication}, plus POP3:
 * a real login through Angus Mail and mail-oauth2's SASL clients, with a protocol trace
 * ({@link MailLogin}), with a token from any source.
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Log in to an IMAP, SMTP or POP3 server with OAuth2.",
                "The login goes through Angus Mail and mail-oauth2's SASL clients, as an application's would, and the"
                        + " protocol conversation is shown with the tokens redacted (unless --show-secrets). On success"
                        + " IMAP selects INBOX and POP3 counts the messages; on failure the server's decoded reason and"
                        + " a hint are shown. The token is --access-token, or the one the token source gives: the stored"
                        + " account's refresh token unless --source (or -Dmail.oauth2.source, MAIL_OAUTH2_SOURCE) names"
                        + " another, such as the app's own token with client credentials."},
        footer = {"Examples:",
                "  mail-oauth2 test imap --user you@gmail.com --client-secret SECRET",
                "  mail-oauth2 test smtp --host smtp.office365.com --port 587 --starttls \\",
                "      --user you@contoso.com",
                "  mail-oauth2 test pop3 --host outlook.office365.com --user you@contoso.com \\",
                "      --access-token eyJ0...",
                "  mail-oauth2 test imap --user shared@contoso.com --source client-credentials \\",
                "      --provider microsoft --tenant contoso.onmicrosoft.com --client-id ID \\",
                "      --client-key app.key --client-certificate app.crt",
                "  mail-oauth2 test smtp --user you@example.com --source google-service-account \\",
                "      --service-account-file sa.json --port 587 --starttls --host smtp.gmail.com",
                "",
                "Exit status: 0 logged in, 1 the login or the token failed, 2 usage error."})
final class TestCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PROTOCOL", description = "imap, smtp or pop3.")
    MailLogin.Protocol protocol;

    @Option(names = {"-u", "--user"}, required = true, paramLabel = "ADDRESS", description = "The mailbox address to log in as.")
    String user;

    @Option(names = "--access-token", paramLabel = "TOKEN", description = "Log in with this token (default: the stored account's).")
    String accessToken;

    @Mixin
    MailLogin login = new MailLogin();

    @Mixin
    SourceOptions client = new SourceOptions();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        return login.run(spec.commandLine().getOut(), protocol, user, accessToken, client);
    }
}
