package io.github.mailoauth2.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The hand-parsed commands take exactly the options picocli would, and do exactly what picocli's would. */
class QuickStartTest {
    private static final String USER = "xoauth@gmail.com";
    private static final String TOKEN = "ya29.AHES6ZRKeUQwH2xhirksSUDSyjg9oPuRMMal05Ty0cfFIT_uRfESHw";

    @Test
    void theOptionTablesAreThePicocliCommandsOptions() {
        CommandLine root = new CommandLine(new RootCommand());
        for (String name : QuickStart.VALUED.keySet()) {
            Set<String> valued = new HashSet<>();
            Set<String> switches = new HashSet<>();
            for (OptionSpec option : root.getSubcommands().get(name).getCommandSpec().options()) {
                if (option.usageHelp() || option.versionHelp()) {
                    continue;
                }
                for (String optionName : option.names()) {
                    if (optionName.startsWith("--")) { // every long name, --preset beside --provider too
                        (option.arity().max() > 0 ? valued : switches).add(optionName);
                    } else { // the one short name QuickStart knows
                        assertThat(optionName).as(name + " " + option.longestName()).isEqualTo("-u");
                    }
                }
            }
            assertThat(QuickStart.VALUED.get(name)).as(name + "'s options with a value").isEqualTo(valued);
            assertThat(QuickStart.SWITCHES.get(name)).as(name + "'s switches").isEqualTo(switches);
        }
    }

    @Test
    void plainStringCommandsPrintWhatPicocliWouldHave() {
        for (List<String> args : List.of(
                List.of("string", "--user", USER, "--access-token", TOKEN),
                List.of("string", "-u", USER, "--access-token=" + TOKEN, "--quiet"),
                List.of("string", "--quiet", "--user=" + USER, "--access-token", TOKEN, "--mechanism", "oauthbearer",
                        "--host", "imap.example.com", "--port", "143"))) {
            String[] line = args.toArray(String[]::new);
            assertThat(quick(line)).as(args.toString()).isNotNull();
            assertThat(Run.of(line)).as(args.toString()).isEqualTo(Run.viaPicocli(line));
        }
    }

    @Test
    void anythingElseIsLeftToPicocli() {
        for (List<String> args : List.of(
                List.of("string", "--help"),
                List.of("string", "--user", USER, "--user", "other@gmail.com", "--access-token", TOKEN),
                List.of("string", "--user", USER, "--access-token", TOKEN, "--no-such-option"),
                List.of("string", "--user", USER, "--access-token", TOKEN, "--port", "0"),
                List.of("string", "--user", USER, "--access-token", TOKEN, "--mechanism", "plain"),
                List.of("string", "@arguments.txt"),
                List.of("string", "--access-token", TOKEN),
                List.of("string", "--user"),
                List.of("refresh", "--user", USER, "--refresh-token", "RT"),
                List.of("refresh", "--quiet"),
                List.of("token"),
                List.of("token", "--user", USER, "--quiet"))) {
            assertThat(quick(args.toArray(String[]::new))).as(args.toString()).isNull();
        }
    }

    private static Integer quick(String... args) {
        return QuickStart.run(args, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    }
}
