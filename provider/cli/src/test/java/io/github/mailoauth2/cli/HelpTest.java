package io.github.mailoauth2.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Every command's --help: whole sentences, wrapped at spaces, URLs and paths whole, only the options it uses. */
class HelpTest {
    /** A URL, or a path with at least two slashes (the default store path, $BROWSER's ...). */
    private static final Pattern URL_OR_PATH = Pattern.compile("(https?://[^\\s)\"]+|[~/]?[\\w.-]*/[\\w.-]+/[^\\s)\"]+)");
    private static final Set<String> CLIENT = Set.of("--provider", "--client-id", "--client-secret", "--client-key",
            "--client-certificate", "--client-keystore", "--client-assertion-file", "--client-assertion-command", "--scope",
            "--tenant", "--authority", "--token-url", "--store");
    /** The client options and the token source: every command that gets tokens. */
    private static final Set<String> SOURCE = with(CLIENT, "--source", "--service-account-file", "--command", "--account");
    /** test's login, which doctor --test makes too. */
    private static final String[] LOGIN = {"--host", "--port", "--tls", "--starttls", "--plain", "--mechanism", "--show-secrets",
        "--trace", "--quiet"};

    /** Each command's options, help and version aside: the specification the help must show, no more. */
    private static Map<String, Set<String>> expectedOptions() {
        Map<String, Set<String>> expected = new LinkedHashMap<>();
        expected.put("mail-oauth2", Set.of());
        expected.put("authorize", with(CLIENT, "--user", "--no-browser", "--device", "--browser", "--port", "--timeout",
                "--quiet", "--authorization-url", "--device-url"));
        expected.put("token", with(SOURCE, "--user"));
        expected.put("refresh", with(SOURCE, "--user", "--refresh-token", "--all", "--quiet"));
        expected.put("string", with(SOURCE, "--user", "--access-token", "--mechanism", "--host", "--port", "--quiet"));
        expected.put("test", with(with(SOURCE, LOGIN), "--user", "--access-token"));
        expected.put("accounts", Set.of("--store", "--seal"));
        expected.put("doctor", with(with(SOURCE, LOGIN), "--user", "--access-token", "--test"));
        return expected;
    }

    @Test
    void eachCommandListsOnlyTheOptionsItUses() {
        for (Map.Entry<String, Set<String>> command : expectedOptions().entrySet()) {
            String help = help(command.getKey());
            Set<String> listed = new TreeSet<>();
            String options = help.replaceFirst("(?s)^.*?\\ROptions:\\R(.*?)(\\R\\R.*)?$", "$1");
            Matcher m = Pattern.compile("(?m)^  (?:-\\w, |    )(--[\\w-]+)").matcher(options);
            while (m.find()) {
                listed.add(m.group(1));
            }
            listed.removeAll(Set.of("--help", "--version"));
            assertThat(listed).as(command.getKey() + " --help:\n" + help).isEqualTo(new TreeSet<>(command.getValue()));
        }
        assertThat(help("string")).doesNotContain("--authorization-url").doesNotContain("--device-url");
    }

    @Test
    void linesFitEightyColumnsAndUrlsAndPathsAreWhole() {
        for (CommandSpec command : commands()) {
            String help = help(command);
            for (String line : help.split("\\R")) {
                assertThat(line.length()).as(command.qualifiedName() + ": " + line).isLessThanOrEqualTo(HelpLayout.WIDTH);
            }
            for (String text : texts(command)) {
                Matcher m = URL_OR_PATH.matcher(text);
                while (m.find()) {
                    assertThat(help).as(command.qualifiedName() + " --help shows " + m.group() + " whole:\n" + help).contains(m.group());
                }
            }
        }
        assertThat(help("string")).contains(io.github.mailoauth2.internal.store.StorePaths.defaultPath().toString());
    }

    @Test
    void summariesAndOptionDescriptionsAreWholeSentences() {
        for (CommandSpec command : commands()) {
            String summary = HelpLayout.summary(command);
            assertThat(summary).as(command.qualifiedName()).matches("[A-Z].*\\.").doesNotContain("%");
            for (ArgSpec arg : args(command)) {
                String description = String.join(" ", arg.description());
                assertThat(description).as(command.qualifiedName() + " " + arg.paramLabel()).matches("(?s)[A-Za-z$].*[.)]");
            }
        }
    }

    @Test
    void wrappingBreaksAtSpacesOnly() {
        assertThat(HelpLayout.wrap("The token store (default: /home/someone/.config/mail-oauth2/tokens.json).", 30))
                .containsExactly("The token store (default:", "/home/someone/.config/mail-oauth2/tokens.json).");
    }

    @Test
    void usageErrorsExitWithStatus2Everywhere() {
        for (List<String> args : List.of(
                List.of("authorize", "--port", "99999"),
                List.of("authorize", "--timeout", "0"),
                List.of("test", "imap", "--user", "u@example.com", "--port", "0"),
                List.of("test", "ftp", "--user", "u@example.com"),
                List.of("string", "--user", "u@example.com", "--access-token", "t", "--port", "x"),
                List.of("string", "--user", "u@example.com", "--access-token", "t", "--mechanism", "plain"),
                List.of("token"),
                List.of("refresh", "--user", "u@example.com", "--refresh-token", "rt"),
                List.of("accounts", "--no-such-option"),
                List.of("--no-such-option"),
                List.of("no-such-command"))) {
            Run run = Run.of(args.toArray(String[]::new));
            assertThat(run.exitStatus()).as(args + "\n" + run).isEqualTo(2);
            assertThat(run.out()).as(args.toString()).isEmpty();
        }
    }

    private static List<CommandSpec> commands() {
        List<CommandSpec> all = new ArrayList<>();
        collect(RootCommand.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())), all);
        return all;
    }

    private static void collect(CommandLine cli, List<CommandSpec> into) {
        into.add(cli.getCommandSpec());
        cli.getSubcommands().values().forEach(sub -> collect(sub, into));
    }

    private static List<ArgSpec> args(CommandSpec command) {
        List<ArgSpec> args = new ArrayList<>(command.positionalParameters());
        for (OptionSpec option : command.options()) {
            if (!option.hidden()) {
                args.add(option);
            }
        }
        return args;
    }

    /** Every text of the command that its help shows. */
    private static List<String> texts(CommandSpec command) {
        List<String> texts = new ArrayList<>(Arrays.asList(command.usageMessage().description()));
        texts.addAll(Arrays.asList(command.usageMessage().footer()));
        for (ArgSpec arg : args(command)) {
            texts.addAll(Arrays.asList(arg.description()));
        }
        return texts;
    }

    private static String help(String command) {
        CommandLine root = RootCommand.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        return help((command.equals("mail-oauth2") ? root : root.getSubcommands().get(command)).getCommandSpec());
    }

    private static String help(CommandSpec command) {
        return command.commandLine().getUsageMessage();
    }

    private static Set<String> with(Set<String> common, String... more) {
        Set<String> all = new TreeSet<>(common);
        all.addAll(Set.of(more));
        return all;
    }
}
