package io.github.mailoauth2.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Google's {@code oauth2.py} command lines, e.g. {@code --refresh_token=R --client_id=C
 * --client_secret=S --quiet}, turned into the equivalent commands (for Gmail, as oauth2.py is), with
 * oauth2.py's choice of action, its {@code Missing options: ...} line (on standard output, exit
 * status 255 for its -1) and its {@code Nothing to do, exiting.} Those of this tool's options that
 * make sense next to them ({@code --no-browser}, {@code --token-url}, ...) are passed on.
 */
final class Oauth2PyFlags {
    private static final Set<String> SWITCHES = Set.of("--generate_oauth2_token", "--generate_oauth2_string",
            "--test_imap_authentication", "--test_smtp_authentication", "--quiet");
    private static final Set<String> VALUED = Set.of("--client_id", "--client_secret", "--access_token",
            "--refresh_token", "--user", "--scope");
    private static final Set<String> MODERN_SWITCHES = Set.of("--no-browser", "--device", "--show-secrets", "--trace");
    private static final Set<String> MODERN_VALUED = Set.of("--provider", "--tenant", "--authority", "--token-url",
            "--authorization-url", "--device-url", "--store", "--browser", "--port", "--timeout", "--host", "--mechanism");
    /** oauth2.py's exit status for missing options: {@code sys.exit(-1)}. */
    static final int MISSING_OPTIONS = 255;

    /** The equivalent command line, or {@code args} null when done, with the exit status. */
    record Translation(String[] args, int exitStatus) {
        static Translation done(int exitStatus) {
            return new Translation(null, exitStatus);
        }
    }

    private Oauth2PyFlags() {
    }

    /** Whether the arguments are oauth2.py's: they start with an option that is not help or version, and have one of its flags. */
    static boolean isLegacy(String[] args) {
        if (args.length == 0 || !args[0].startsWith("-") || Set.of("-h", "--help", "-V", "--version").contains(args[0])) {
            return false;
        }
        for (String arg : args) {
            String flag = arg.split("=", 2)[0];
            if (SWITCHES.contains(flag) || VALUED.contains(flag)) {
                return true;
            }
        }
        return false;
    }

    /** Parses as oauth2.py's optparse does and picks its action; prints what oauth2.py prints when it stops there. */
    static Translation translate(String[] args, PrintWriter out, PrintWriter err) {
        Map<String, String> values = new HashMap<>();
        Set<String> switches = new HashSet<>();
        List<String> passedOn = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String[] parts = args[i].split("=", 2);
            String flag = parts[0];
            if (flag.equals("-h") || flag.equals("--help")) {
                RootCommand.usage(out);
                return Translation.done(0);
            }
            boolean valued = VALUED.contains(flag) || MODERN_VALUED.contains(flag);
            if (valued && parts.length == 1 && i + 1 == args.length) {
                return usage(err, flag + " option requires an argument");
            }
            if (!valued && parts.length == 2 && (SWITCHES.contains(flag) || MODERN_SWITCHES.contains(flag))) {
                return usage(err, flag + " option does not take a value");
            }
            String value = !valued ? null : parts.length == 2 ? parts[1] : args[++i];
            if (SWITCHES.contains(flag)) {
                switches.add(flag);
            } else if (VALUED.contains(flag)) {
                values.put(flag, value); // the last one wins, as in optparse
            } else if (MODERN_SWITCHES.contains(flag)) {
                passedOn.add(flag);
            } else if (valued) {
                passedOn.addAll(List.of(flag, value));
            } else if (flag.startsWith("-")) {
                return usage(err, "no such option: " + flag);
            }
            // optparse keeps other words as positional arguments, which oauth2.py ignores
        }
        boolean quiet = switches.contains("--quiet");
        List<String> command = new ArrayList<>();
        List<String> missing;
        String refreshToken = values.get("--refresh_token");
        // oauth2.py's order: the first action that applies wins
        if (refreshToken != null && !refreshToken.isEmpty()) {
            missing = missing(values, "client_id", "client_secret");
            command.add("refresh");
            client(command, values, passedOn);
            add(command, "--refresh-token", refreshToken);
        } else if (switches.contains("--generate_oauth2_string")) {
            missing = missing(values, "user", "access_token");
            command.add("string");
            add(command, "--user", values.get("--user"));
            add(command, "--access-token", values.get("--access_token"));
        } else if (switches.contains("--generate_oauth2_token")) {
            missing = missing(values, "client_id", "client_secret");
            command.add("authorize");
            client(command, values, passedOn);
            add(command, "--user", values.get("--user"));
        } else if (switches.contains("--test_imap_authentication") || switches.contains("--test_smtp_authentication")) {
            missing = missing(values, "user", "access_token");
            // oauth2.py: imap.gmail.com:993 and smtp.gmail.com:465, both TLS from the start (the defaults)
            boolean imap = switches.contains("--test_imap_authentication");
            command.addAll(List.of("test", imap ? "imap" : "smtp", "--host", imap ? "imap.gmail.com" : "smtp.gmail.com"));
            add(command, "--user", values.get("--user"));
            add(command, "--access-token", values.get("--access_token"));
            quiet = false; // oauth2.py's tests always show their trace
        } else {
            RootCommand.usage(out);
            out.println("Nothing to do, exiting.");
            out.flush();
            return Translation.done(0);
        }
        if (!missing.isEmpty()) {
            out.println("Missing options: " + String.join(" ", missing));
            out.flush();
            return Translation.done(MISSING_OPTIONS);
        }
        command.addAll(passedOn);
        if (quiet) {
            command.add("--quiet");
        }
        return new Translation(command.toArray(String[]::new), 0);
    }

    /** oauth2.py's {@code RequireOptions}: the options, by its names, that were not given (an empty value counts as given). */
    private static List<String> missing(Map<String, String> values, String... names) {
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            if (values.get("--" + name) == null) {
                missing.add(name);
            }
        }
        return missing;
    }

    /** The OAuth2 client: Gmail's endpoints, as oauth2.py's, unless --provider or --token-url says otherwise. */
    private static void client(List<String> command, Map<String, String> values, List<String> passedOn) {
        if (!passedOn.contains("--provider") && !passedOn.contains("--token-url")) {
            command.addAll(List.of("--provider", "google"));
        }
        add(command, "--client-id", values.get("--client_id"));
        add(command, "--client-secret", values.get("--client_secret"));
        add(command, "--scope", values.get("--scope"));
    }

    private static void add(List<String> command, String option, String value) {
        if (value != null) {
            command.add(option);
            command.add(value);
        }
    }

    private static Translation usage(PrintWriter err, String problem) {
        err.println("error: " + problem + " (oauth2.py's options, and mail-oauth2's that make sense with them;"
                + " see mail-oauth2 --help)");
        err.flush();
        return Translation.done(Main.USAGE);
    }
}
