package io.github.mailoauth2.cli;

import io.github.mailoauth2.internal.store.StorePaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The help's layout: 80 columns, text wrapped at spaces only. picocli's own layout also breaks
 * after dots and slashes, which cuts the default store path ({@code ~/.} | {@code config/...}) and
 * the URLs in descriptions; a word longer than a line is printed whole instead. Options are listed
 * in the order their command declares them, help and version last. In descriptions and footers an
 * element is a paragraph, an empty element a blank line, and one that starts with a space (an
 * example) is printed as it is.
 */
final class HelpLayout {
    static final int WIDTH = 80;
    /** The --store option's description: the default path depends on the system and is filled in here. */
    static final String STORE_DESCRIPTION = "The token store: a file, or a database (jdbc:...) (default: $MAIL_OAUTH2_STORE if set, else " + "{default-store}).";
    /** Where option descriptions start. */
    private static final int OPTION_COLUMN = 28;
    /** Where command summaries start. */
    private static final int COMMAND_COLUMN = 14;
    private static final String NL = System.lineSeparator();

    private HelpLayout() {
    }

    /** Lays out the help of {@code cli} and of all its subcommands. */
    static void apply(CommandLine cli) {
        UsageMessageSpec usage = cli.getCommandSpec().usageMessage();
        usage.width(WIDTH).abbreviateSynopsis(true).sortOptions(false)
                .descriptionHeading("%n").parameterListHeading("%nParameters:%n").optionListHeading("%nOptions:%n")
                .commandListHeading("%nCommands:%n").footerHeading("%n");
        Map<String, CommandLine.IHelpSectionRenderer> sections = cli.getHelpSectionMap();
        sections.put(UsageMessageSpec.SECTION_KEY_DESCRIPTION, help -> description(help.commandSpec().usageMessage().description()));
        sections.put(UsageMessageSpec.SECTION_KEY_FOOTER, help -> paragraphs(help.commandSpec().usageMessage().footer()));
        sections.put(UsageMessageSpec.SECTION_KEY_PARAMETER_LIST, help -> arguments(new ArrayList<>(help.commandSpec().positionalParameters())));
        sections.put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, help -> arguments(options(help.commandSpec())));
        sections.put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, help -> commands(help.commandSpec()));
        for (CommandLine sub : cli.getSubcommands().values()) {
            apply(sub);
        }
    }

    /** The command's one-sentence summary: its header (picocli's help command has one), else the first paragraph of its description. */
    static String summary(CommandSpec command) {
        String[] header = command.usageMessage().header();
        String[] description = command.usageMessage().description();
        return header.length > 0 ? format(header[0]) : description.length > 0 ? format(description[0]) : "";
    }

    private static List<ArgSpec> options(CommandSpec command) {
        List<ArgSpec> own = new ArrayList<>();
        List<ArgSpec> standard = new ArrayList<>();
        for (OptionSpec option : command.options()) {
            if (!option.hidden()) {
                (option.usageHelp() || option.versionHelp() ? standard : own).add(option);
            }
        }
        own.addAll(standard);
        return own;
    }

    private static String arguments(List<ArgSpec> args) {
        StringBuilder text = new StringBuilder();
        for (ArgSpec arg : args) {
            if (!arg.hidden()) {
                String description = String.join(" ", arg.description())
                        .replace("{default-store}", StorePaths.defaultPath().toString());
                item(text, label(arg), description, OPTION_COLUMN);
            }
        }
        return text.toString();
    }

    private static String label(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)) {
            return "      " + arg.paramLabel();
        }
        String names = String.join(", ", option.names());
        String value = option.arity().max() > 0 ? "=" + option.paramLabel() : "";
        return (option.shortestName().startsWith("--") ? "      " : "  ") + names + value;
    }

    private static String commands(CommandSpec command) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, CommandLine> sub : command.commandLine().getSubcommands().entrySet()) {
            item(text, "  " + sub.getKey(), summary(sub.getValue().getCommandSpec()), COMMAND_COLUMN);
        }
        return text.toString();
    }

    /** {@code label}, then {@code description} from {@code column} on (on the next line if the label is too long). */
    private static void item(StringBuilder text, String label, String description, int column) {
        List<String> lines = wrap(description, WIDTH - column);
        text.append(label);
        int at = label.length();
        if (at > column - 2 && !lines.isEmpty()) {
            text.append(NL);
            at = 0;
        }
        for (int i = 0; i < lines.size(); i++) {
            text.append(" ".repeat(i == 0 ? column - at : column)).append(lines.get(i)).append(NL);
        }
        if (lines.isEmpty()) {
            text.append(NL);
        }
    }

    /** The summary, a blank line, then the other paragraphs (picocli's own blank %n lines around them dropped). */
    private static String description(String[] elements) {
        List<String> spaced = new ArrayList<>();
        for (String element : elements) {
            String paragraph = format(element).strip();
            if (spaced.size() == 1 && !paragraph.isEmpty()) {
                spaced.add("");
            }
            spaced.add(paragraph);
        }
        return paragraphs(spaced.toArray(String[]::new));
    }

    private static String paragraphs(String[] elements) {
        StringBuilder text = new StringBuilder();
        for (String element : elements) {
            for (String paragraph : format(element).split("\\R", -1)) {
                List<String> lines = paragraph.isEmpty() || paragraph.startsWith(" ") ? List.of(paragraph) : wrap(paragraph, WIDTH);
                for (String line : lines) {
                    text.append(line).append(NL);
                }
            }
        }
        return text.toString();
    }

    /** picocli's own texts use {@code %n}; ours use none. */
    private static String format(String text) {
        return text.contains("%") ? String.format(text) : text;
    }

    /** The words of {@code text} in lines of at most {@code width} characters, broken at spaces only. */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.strip().split(" +")) {
            if (word.isEmpty()) {
                continue;
            }
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
