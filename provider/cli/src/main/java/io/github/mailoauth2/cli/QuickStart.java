package io.github.mailoauth2.cli;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The commands that other programs run on every connection, {@code token}, {@code string} and
 * {@code refresh} (oauth2.py's {@code --refresh_token ... --quiet}), parsed without picocli: its
 * classes are old class files that class data sharing cannot archive, and loading them takes longer
 * than the command itself. Only plain command lines are taken here: anything else (help, a mistake,
 * an {@code @file}, a repeated option) returns {@code null}, and picocli parses it, reports it and
 * sets its exit status as for every other command. QuickStartTest keeps these option tables equal
 * to the commands' picocli options.
 */
final class QuickStart {
    private static final Set<String> CLIENT = Set.of("--provider", "--preset", "--client-id", "--client-secret", "--client-key",
            "--client-certificate", "--client-keystore", "--client-assertion-file", "--client-assertion-command", "--scope",
            "--tenant", "--authority", "--token-url", "--store", "--source", "--service-account-file", "--command", "--account");
    /** Per command: the options that take a value ({@code -u} stands for {@code --user}), and the switches. */
    static final Map<String, Set<String>> VALUED = Map.of(
            "token", with(CLIENT, "--user"),
            "string", with(CLIENT, "--user", "--access-token", "--mechanism", "--host", "--port"),
            "refresh", with(CLIENT, "--user", "--refresh-token"));
    static final Map<String, Set<String>> SWITCHES = Map.of("token", Set.of(), "string", Set.of("--quiet"),
            "refresh", Set.of("--quiet", "--all"));

    private QuickStart() {
    }

    /** Runs a plain {@code token}, {@code string} or {@code refresh} command line; {@code null} for anything else. */
    static Integer run(String[] args, PrintWriter out, PrintWriter err) {
        if (args.length == 0 || !VALUED.containsKey(args[0])) {
            return null;
        }
        Map<String, String> options = parse(args);
        if (options == null) {
            return null;
        }
        try {
            switch (args[0]) {
                case "token":
                    return token(options, out);
                case "string":
                    return string(options, out);
                default:
                    return refresh(options, out);
            }
        } catch (Exception e) {
            return Main.failed(e, err);
        }
    }

    /** The options by long name, switches mapped to {@code ""}; {@code null} if picocli should see the line. */
    private static Map<String, String> parse(String[] args) {
        Set<String> valued = VALUED.get(args[0]);
        Set<String> switches = SWITCHES.get(args[0]);
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] parts = args[i].split("=", 2);
            String name = parts[0].equals("-u") ? "--user" : parts[0];
            String value;
            if (switches.contains(name) && parts.length == 1) {
                value = "";
            } else if (valued.contains(name) && parts.length == 2) {
                value = parts[1];
            } else if (valued.contains(name) && i + 1 < args.length && !args[i + 1].startsWith("-") && !args[i + 1].startsWith("@")) {
                value = args[++i];
            } else {
                return null; // unknown, misused or an @file: picocli's to explain
            }
            if (options.put(name, value) != null) {
                return null;
            }
        }
        // one option under two names: given twice, picocli's to refuse
        return options.containsKey("--provider") && options.containsKey("--preset") ? null : options;
    }

    private static Integer token(Map<String, String> options, PrintWriter out) throws Exception {
        TokenCommand command = new TokenCommand();
        command.user = options.get("--user");
        if (command.user == null) {
            return null;
        }
        client(command.client, options);
        return command.run(out);
    }

    private static Integer string(Map<String, String> options, PrintWriter out) throws Exception {
        StringCommand command = new StringCommand();
        command.user = options.get("--user");
        command.accessToken = options.get("--access-token");
        command.quiet = options.containsKey("--quiet");
        command.host = options.getOrDefault("--host", command.host);
        Integer port = options.containsKey("--port")
                ? Numbers.parse(options.get("--port"), Numbers.MIN_PORT, Numbers.MAX_PORT) : Integer.valueOf(command.port);
        StringCommand.Mechanism mechanism = mechanism(options.get("--mechanism"), command.mechanism);
        if (command.user == null || port == null || mechanism == null) {
            return null;
        }
        command.port = port;
        command.mechanism = mechanism;
        client(command.client, options);
        return command.run(out);
    }

    private static Integer refresh(Map<String, String> options, PrintWriter out) throws Exception {
        RefreshCommand command = new RefreshCommand();
        command.which = new RefreshCommand.Which();
        command.which.user = options.get("--user");
        command.which.refreshToken = options.get("--refresh-token");
        command.which.all = options.containsKey("--all");
        if ((command.which.user != null ? 1 : 0) + (command.which.refreshToken != null ? 1 : 0) + (command.which.all ? 1 : 0) != 1) {
            return null; // none or several: picocli says which
        }
        command.quiet = options.containsKey("--quiet");
        client(command.client, options);
        return command.run(out);
    }

    private static StringCommand.Mechanism mechanism(String name, StringCommand.Mechanism otherwise) {
        if (name == null) {
            return otherwise;
        }
        for (StringCommand.Mechanism mechanism : StringCommand.Mechanism.values()) {
            if (mechanism.name().equals(name.strip().toUpperCase(Locale.ROOT))) {
                return mechanism;
            }
        }
        return null;
    }

    private static void client(SourceOptions client, Map<String, String> options) {
        client.provider = options.containsKey("--provider") ? options.get("--provider") : options.get("--preset");
        client.clientId = options.get("--client-id");
        client.clientSecret = options.get("--client-secret");
        client.clientKey = options.get("--client-key");
        client.clientCertificate = options.get("--client-certificate");
        client.clientKeystore = options.get("--client-keystore");
        client.clientAssertionFile = options.get("--client-assertion-file");
        client.clientAssertionCommand = options.get("--client-assertion-command");
        client.source = options.get("--source");
        client.serviceAccountFile = options.get("--service-account-file");
        client.command = options.get("--command");
        client.account = options.get("--account");
        client.scope = options.get("--scope");
        client.tenant = options.get("--tenant");
        client.authority = options.get("--authority");
        client.tokenUrl = options.get("--token-url");
        client.store = options.get("--store");
    }

    private static Set<String> with(Set<String> common, String... more) {
        Set<String> all = new HashSet<>(common);
        all.addAll(Set.of(more));
        return Set.copyOf(all);
    }
}
