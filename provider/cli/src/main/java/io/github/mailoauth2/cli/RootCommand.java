package io.github.mailoauth2.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line as picocli parses it: every command, with help, usage errors (exit 2) and failures. */
@Command(name = "mail-oauth2", mixinStandardHelpOptions = true, versionProvider = RootCommand.Version.class,
        description = {"Authorize mail accounts with OAuth2, print access tokens and XOAUTH2 strings, and test IMAP,"
                + " SMTP and POP3 logins. Tokens go to the store that the mail-oauth2 library reads, so an application"
                + " configured for it just works afterwards."},
        subcommands = {AuthorizeCommand.class, TokenCommand.class, RefreshCommand.class, StringCommand.class,
                TestCommand.class, AccountsCommand.class, CopyAccountsCommand.class, DoctorCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"Examples (Gmail):",
                "  mail-oauth2 authorize --provider google --client-id ID \\",
                "      --client-secret SECRET --user you@gmail.com",
                "  mail-oauth2 token --user you@gmail.com --client-secret SECRET",
                "  mail-oauth2 test imap --user you@gmail.com --client-secret SECRET",
                "",
                "oauth2.py's flags work too, with its output, for scripts and mail programs that call it:",
                "  mail-oauth2 --refresh_token=RT --client_id=ID --client_secret=SECRET --quiet",
                "",
                "Exit status: 0 success, 1 authentication or authorization failed, 2 usage error."})
final class RootCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The command line, ready to run, with this tool's help layout on every command. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new RootCommand()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(out).setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> Main.failed(e, commandLine.getErr()));
        HelpLayout.apply(cli);
        return cli;
    }

    static int run(String[] args, PrintWriter out, PrintWriter err) {
        return commandLine(out, err).execute(args);
    }

    /** The top-level help, as {@code mail-oauth2 --help} prints it. */
    static void usage(PrintWriter out) {
        commandLine(out, out).usage(out);
        out.flush();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The jar's Implementation-Version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = RootCommand.class.getPackage().getImplementationVersion();
            return new String[] {"mail-oauth2 " + (version == null ? "(development build)" : version)};
        }
    }
}
