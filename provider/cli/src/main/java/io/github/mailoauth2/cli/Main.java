package io.github.mailoauth2.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar mail-oauth2-cli.jar}: Google's {@code oauth2.py}, done the modern way, for any
 * OAuth2 provider. Exit codes: 0 success, 1 authentication or authorization failure, 2 usage error.
 */
@Command(name = "mail-oauth2", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Authorize mail accounts with OAuth2, print tokens and XOAUTH2 strings, and test IMAP, SMTP and",
                "POP3 logins. Tokens go to the store that the mail-oauth2 library reads, so an application",
                "configured for it just works afterwards.", ""},
        subcommands = {AuthorizeCommand.class, RefreshCommand.class, StringCommand.class, TestCommand.class,
                AccountsCommand.class, CopyAccountsCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Example (Gmail):",
                "  mail-oauth2 authorize --provider google --client-id ID --client-secret SECRET --user you@gmail.com",
                "  mail-oauth2 test imap --provider google --client-id ID --user you@gmail.com",
                "", "oauth2.py's flags work too: mail-oauth2 --generate_oauth2_token --client_id=ID --client_secret=SECRET",
                "", "Exit status: 0 success, 1 authentication or authorization failed, 2 usage error."})
public final class Main implements Runnable {
    /** Authentication or authorization failed. */
    static final int AUTH_FAILED = 1;
    /** The command line was wrong. */
    static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line on System.out and System.err without exiting; returns the exit status. */
    public static int execute(String... args) {
        return run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    /** Runs the command line with the given output streams and returns its exit status. */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        if (Oauth2PyFlags.isLegacy(args)) {
            args = Oauth2PyFlags.translate(args, err);
            if (args == null) {
                return USAGE;
            }
        }
        CommandLine cli = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(out).setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            commandLine.getErr().println("error: " + describe(e));
            if (e instanceof CliFailure failure) {
                return failure.exitCode;
            }
            // a missing or wrong setting is a usage error; anything else failed to authorize
            return e instanceof io.github.mailoauth2.token.ConfigurationException ? USAGE : AUTH_FAILED;
        });
        return cli.execute(args);
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The jar's Implementation-Version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"mail-oauth2 " + (version == null ? "(development build)" : version)};
        }
    }
}
