package io.github.mailoauth2.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Google's {@code oauth2.py} command lines, e.g. {@code --generate_oauth2_token --client_id=ID
 * --client_secret=SECRET}, turned into the equivalent commands (for Gmail, as oauth2.py is).
 */
final class Oauth2PyFlags {
    private static final Set<String> ACTIONS = Set.of("--generate_oauth2_token", "--generate_oauth2_string",
            "--test_imap_authentication", "--test_smtp_authentication");
    private static final Set<String> VALUED = Set.of("--client_id", "--client_secret", "--access_token",
            "--refresh_token", "--user", "--scope");
    private static final Set<String> SWITCHES = Set.of("--quiet");

    private Oauth2PyFlags() {
    }

    /** Whether the arguments are oauth2.py's (the first one is one of its flags). */
    static boolean isLegacy(String[] args) {
        if (args.length == 0) {
            return false;
        }
        String first = args[0].split("=", 2)[0];
        return ACTIONS.contains(first) || VALUED.contains(first) || SWITCHES.contains(first);
    }

    /** The equivalent command line, or {@code null} after printing what is wrong. */
    static String[] translate(String[] args, PrintWriter err) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> actions = new ArrayList<>();
        boolean quiet = false;
        for (int i = 0; i < args.length; i++) {
            String[] parts = args[i].split("=", 2);
            String flag = parts[0];
            if (ACTIONS.contains(flag)) {
                actions.add(flag);
            } else if (SWITCHES.contains(flag)) {
                quiet = true;
            } else if (VALUED.contains(flag)) {
                if (parts.length == 2) {
                    values.put(flag, parts[1]);
                } else if (i + 1 < args.length) {
                    values.put(flag, args[++i]);
                } else {
                    return usage(err, flag + " needs a value");
                }
            } else {
                return usage(err, "unknown oauth2.py option " + flag);
            }
        }
        if (actions.isEmpty() && values.containsKey("--refresh_token")) {
            actions.add("--refresh_token");
        }
        if (actions.size() != 1) {
            return usage(err, "give exactly one of --generate_oauth2_token, --refresh_token, --generate_oauth2_string,"
                    + " --test_imap_authentication, --test_smtp_authentication");
        }
        List<String> out = new ArrayList<>();
        switch (actions.get(0)) {
            case "--generate_oauth2_token":
                out.add("authorize");
                client(out, values);
                add(out, "--user", values.get("--user"));
                break;
            case "--refresh_token":
                out.add("refresh");
                client(out, values);
                add(out, "--refresh-token", values.get("--refresh_token"));
                break;
            case "--generate_oauth2_string":
                out.add("string");
                add(out, "--user", values.get("--user"));
                add(out, "--access-token", values.get("--access_token"));
                break;
            case "--test_imap_authentication":
                out.addAll(List.of("test", "imap", "--host", "imap.gmail.com"));
                add(out, "--user", values.get("--user"));
                add(out, "--access-token", values.get("--access_token"));
                break;
            default:
                out.addAll(List.of("test", "smtp", "--host", "smtp.gmail.com", "--port", "587", "--starttls"));
                add(out, "--user", values.get("--user"));
                add(out, "--access-token", values.get("--access_token"));
        }
        if (quiet && !out.get(0).equals("test") && !out.get(0).equals("refresh")) {
            out.add("--quiet");
        }
        return out.toArray(String[]::new);
    }

    private static void client(List<String> out, Map<String, String> values) {
        out.addAll(List.of("--provider", "google"));
        add(out, "--client-id", values.get("--client_id"));
        add(out, "--client-secret", values.get("--client_secret"));
        add(out, "--scope", values.get("--scope"));
    }

    private static void add(List<String> out, String option, String value) {
        if (value != null) {
            out.add(option);
            out.add(value);
        }
    }

    private static String[] usage(PrintWriter err, String problem) {
        err.println("error: " + problem + " (oauth2.py's options; see mail-oauth2 --help for the commands)");
        err.flush();
        return null;
    }
}
