package io.github.mailoauth2.cli;

import io.github.mailoauth2.token.ConfigurationException;
import java.io.PrintWriter;

/**
 * {@code mail-oauth2}: Google's {@code oauth2.py}, done the modern way, for any OAuth2 provider.
 * Exit codes: 0 success, 1 authentication or authorization failure, 2 usage error.
 *
 * <p>This class loads no picocli: mail programs run {@code token} and oauth2.py's
 * {@code --refresh_token ... --quiet} on every connection, so those and {@code string} are parsed by
 * {@link QuickStart} when their arguments are plain, and everything else goes to {@link RootCommand}.
 */
public final class Main {
    /** Authentication or authorization failed. */
    static final int AUTH_FAILED = 1;
    /** The command line was wrong. */
    static final int USAGE = 2;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line on System.out and System.err without exiting; returns the exit status. */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /**
     * Runs the command line with the given output streams (the same writer twice keeps both in one
     * ordered stream) and returns its exit status.
     */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        String[] modern = args;
        if (Oauth2PyFlags.isLegacy(args)) {
            Oauth2PyFlags.Translation translation = Oauth2PyFlags.translate(args, out, err);
            if (translation.args() == null) {
                return translation.exitStatus();
            }
            modern = translation.args();
        }
        Integer status = QuickStart.run(modern, out, err);
        return status != null ? status : RootCommand.run(modern, out, err);
    }

    /** Reports a command's failure on {@code err}, in one sentence; returns the exit status it means. */
    static int failed(Exception e, PrintWriter err) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        err.println("error: " + (e instanceof ConfigurationException ? optionNames(message) : message));
        err.flush();
        if (e instanceof CliFailure failure) {
            return failure.exitCode;
        }
        // a missing or wrong setting is a usage error; anything else failed to authorize
        return e instanceof ConfigurationException ? USAGE : AUTH_FAILED;
    }

    /**
     * The library's message with the settings that are options here named as options: {@code
     * mail.imap.oauth2.token-url (or mail.oauth2.token-url, -Dmail.oauth2.token-url, $MAIL_OAUTH2_TOKEN_URL)}
     * becomes {@code --token-url (or -Dmail.oauth2.token-url, $MAIL_OAUTH2_TOKEN_URL)}, and
     * {@code mail.oauth2.preset=google} becomes {@code --preset google}.
     */
    static String optionNames(String message) {
        return message.replaceAll("mail\\.imap\\.oauth2\\." + OPTIONS + " \\(or mail\\.oauth2\\.\\1, (-Dmail\\.oauth2\\.\\1, \\$MAIL_OAUTH2_[A-Z_]+)\\)",
                        "--$1 (or $2)")
                .replaceAll("mail\\.oauth2\\." + OPTIONS + "=", "--$1 ");
    }

    /** The settings that the client options stand for. */
    private static final String OPTIONS = "(preset|provider|client-id|client-secret|client-key|client-certificate|client-keystore"
            + "|client-assertion-file|client-assertion-command|scope|tenant|authority|token-url|authorization-url|device-url"
            + "|store|source|service-account-file|command)";
}
