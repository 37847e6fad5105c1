package io.github.mailoauth2.cli;

import io.github.mailoauth2.MailOAuth2;
import io.github.mailoauth2.token.TokenRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Why a login fails, before any mail server is asked: gets the account's token (or takes one), shows
 * what it claims without verifying it, and names the likely fix for the classic failures; a token
 * endpoint's refusal is explained the same way. Never prints the token.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Diagnose an account or a token without asking a mail server.",
                "Decodes a JWT access token's claims (aud, scp/roles, tid, appid/azp, exp, upn/email) without"
                        + " verifying it, and names the likely fix for the classic failures: a Microsoft Graph token,"
                        + " a missing mail permission, another user's token, Gmail scopes; a delegate's token for a shared"
                        + " mailbox (--account) with the Full Access it needs. The token is never printed.",
                "The token is --access-token, or the one the token source gives: the stored account's refresh token"
                        + " unless --source (or -Dmail.oauth2.source, MAIL_OAUTH2_SOURCE) names another. With --test, if"
                        + " nothing was found, the login that the test command makes follows (--host, --port and the"
                        + " other login options are test's)."},
        footer = {"Examples:",
                "  mail-oauth2 doctor --user you@contoso.com --provider microsoft \\",
                "      --tenant contoso.onmicrosoft.com --client-id ID",
                "  pbpaste | mail-oauth2 doctor --user you@contoso.com --access-token -",
                "  mail-oauth2 doctor --user shared@contoso.com --source client-credentials \\",
                "      --provider microsoft --tenant contoso.onmicrosoft.com --client-id ID \\",
                "      --client-key app.key --client-certificate app.crt --test smtp --starttls \\",
                "      --port 587",
                "", "Exit status: 0 nothing found (and with --test, logged in), 1 a problem found, no token, or the"
                        + " login failed, 2 usage error."})
final class DoctorCommand implements Callable<Integer> {
    @Option(names = {"-u", "--user"}, paramLabel = "ADDRESS", description = "The mailbox address the token should open.")
    String user;

    @Option(names = "--access-token", paramLabel = "TOKEN", description = "The token to diagnose; - reads it from standard input."
            + " Default: the token source's (the stored account's, refreshed if due).")
    String accessToken;

    @Option(names = "--test", arity = "0..1", fallbackValue = "IMAP", paramLabel = "PROTOCOL",
            description = "Then, if nothing was found, log in as the test command does: imap (the default), smtp or pop3.")
    MailLogin.Protocol test;

    @Mixin
    MailLogin login = new MailLogin();

    @Mixin
    SourceOptions client = new SourceOptions();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        String token;
        try {
            token = token();
        } catch (IOException e) {
            out.println("No token: " + e.getMessage());
            print(out, Hints.forFailure(e.getMessage(), user));
            return Main.AUTH_FAILED;
        }
        TokenDiagnosis diagnosis = TokenDiagnosis.of(token, user, StoredClient.account(client).orElse(null), Instant.now());
        diagnosis.claims().forEach((name, value) -> out.println(String.format("%-18s %s", name + ":", value)));
        print(out, diagnosis.problems());
        diagnosis.notes().forEach(note -> out.println("Note: " + note));
        if (test == null) {
            if (!diagnosis.problems().isEmpty()) {
                return Main.AUTH_FAILED;
            }
            out.println("Nothing wrong found in the token. Next: mail-oauth2 test imap|smtp|pop3 --user " + user);
            return 0;
        }
        // an opaque token is no problem found, only nothing to read: the login is what can tell
        if (!diagnosis.problems().isEmpty() && !diagnosis.opaque()) {
            out.println("Not logging in (--test): fix the problems above first.");
            return Main.AUTH_FAILED;
        }
        if (user == null) {
            throw CliFailure.usage("--test logs in as --user: give it");
        }
        out.println((diagnosis.problems().isEmpty() ? "Nothing wrong found in the token." : "Nothing to check in the token.")
                + " Logging in (--test " + test.name().toLowerCase(Locale.ROOT) + "):");
        out.flush();
        // a given token is the one to log in with; else the login asks the source, as an application would
        return login.run(out, test, user, accessToken == null ? null : token, client);
    }

    private static void print(PrintWriter out, List<String> problems) {
        for (String problem : problems) {
            out.println("- " + problem);
        }
    }

    private String token() throws IOException {
        if ("-".equals(accessToken)) {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isBlank()) {
                throw CliFailure.usage("--access-token -: nothing on standard input");
            }
            return line.strip();
        }
        if (accessToken != null) {
            return accessToken;
        }
        if (user == null) {
            throw CliFailure.usage("give --user (the stored account) or --access-token");
        }
        Map<String, String> props = StoredClient.sourceProperties(client, user);
        return MailOAuth2.tokenSource("imap", props).token(new TokenRequest(user, "imap", "localhost", 993), null).value();
    }
}
