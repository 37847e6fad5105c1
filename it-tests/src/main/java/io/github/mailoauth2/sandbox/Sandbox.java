package io.github.mailoauth2.sandbox;

import io.github.mailoauth2.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Google's {@code oauth2.py} run-through, with mail-oauth2's command line, against servers that this
 * JVM starts itself ({@link SandboxServers}): authorize an account in a "browser", print its XOAUTH2
 * string, log in to IMAP, SMTP and POP3 with it, refresh it, open a shared mailbox with it as its delegate,
 * and watch a forged token be refused.
 * Each step runs the command line in-process and shows its output, standard output and error in the
 * order they were written; the servers say what they checked. The protocol trace is shown where it
 * teaches something (the first logins, the refusal); {@code --trace} shows it, with the mail
 * library's own debug lines, for every login. Exit status 0 when every step did what it should, else 1.
 *
 * <p>{@code ./mvnw -B -q -Psandbox -pl it-tests -am verify -DskipTests} builds and runs it
 * ({@code -Dsandbox.args=--trace} for every trace).
 */
public final class Sandbox {
    private static final String RULE = "=".repeat(100);
    /** A shared mailbox that the demo user has Full Access on. */
    private static final String SHARED = "shared@example.test";

    private Sandbox() {
    }

    public static void main(String[] args) throws Exception {
        boolean trace = false;
        for (String arg : args) {
            if (arg.equals("--trace")) {
                trace = true;
            } else if (!arg.isBlank()) {
                System.err.println("usage: Sandbox [--trace]");
                System.exit(2);
            }
        }
        System.exit(run(trace));
    }

    /** One command line: what it shows, its arguments and the exit status it should end with. */
    private record Step(String title, int expectedExit, List<String> args) {
    }

    /**
     * Starts the servers, runs every step, stops the servers; 0 when all went as expected.
     *
     * @param trace show every login's protocol trace, with the mail library's debug lines
     */
    public static int run(boolean trace) throws IOException {
        long started = System.nanoTime();
        Path dir = Files.createTempDirectory("mail-oauth2-sandbox-");
        try (SandboxServers servers = SandboxServers.start(event -> System.out.println("    [server] " + event))) {
            String store = dir.resolve("tokens.json").toString();
            describe(servers, store);
            List<Step> steps = steps(servers, store, trace);
            // one writer for both streams: a step's errors stay where they happened
            PrintWriter terminal = new PrintWriter(System.out, true);
            for (int i = 0; i < steps.size(); i++) {
                Step step = steps.get(i);
                String number = "[" + (i + 1) + "/" + steps.size() + "] ";
                System.out.println(RULE);
                System.out.println(number + step.title());
                System.out.println("$ mail-oauth2 " + step.args().stream().map(Sandbox::quote).collect(Collectors.joining(" ")));
                System.out.println();
                System.out.flush();
                long stepStarted = System.nanoTime();
                int exit = Main.execute(terminal, terminal, step.args().toArray(String[]::new));
                terminal.flush();
                String took = seconds(stepStarted);
                if (exit != step.expectedExit()) {
                    System.out.println();
                    System.out.println(number + "FAILED: exit status " + exit + ", expected " + step.expectedExit() + " (" + took + ")");
                    return 1;
                }
                System.out.println();
                System.out.println(number + "as expected: exit status " + exit + " (" + took + ")");
            }
            System.out.println(RULE);
            System.out.println("Sandbox run-through: all " + steps.size() + " steps did what they should (" + seconds(started) + ").");
            return 0;
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static List<Step> steps(SandboxServers servers, String store, boolean trace) {
        String user = SandboxServers.DEMO_USER;
        servers.grantFullAccess(SHARED, user);
        List<String> account = List.of("--user", user, "--store", store, "--client-id", SandboxServers.CLIENT_ID,
                "--client-secret", SandboxServers.CLIENT_SECRET, "--token-url", servers.tokenUrl());
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("Authorize " + user + ": the consent page redirects back to the command line, which stores the tokens",
                0, List.of("authorize", "--token-url", servers.tokenUrl(), "--authorization-url", servers.authorizationUrl(),
                        "--client-id", SandboxServers.CLIENT_ID, "--client-secret", SandboxServers.CLIENT_SECRET,
                        "--scope", SandboxServers.SCOPE, "--user", user, "--store", store, "--browser", HeadlessBrowser.command(),
                        "--timeout", "60")));
        steps.add(new Step("Print the XOAUTH2 string for the stored account", 0,
                List.of("string", "--user", user, "--store", store, "--client-id", SandboxServers.CLIENT_ID,
                        "--token-url", servers.tokenUrl())));
        steps.add(new Step("What a mail program's password command gets (mutt, msmtp, mbsync): the access token alone", 0,
                List.of("token", "--user", user, "--store", store)));
        steps.add(new Step("Log in to IMAP with XOAUTH2 and select INBOX: the whole conversation", 0,
                test("imap", servers.imapPort(), account, trace, true)));
        steps.add(new Step("Log in to SMTP submission with OAUTHBEARER: the long token goes after an empty 334", 0,
                with(test("smtp", servers.smtpPort(), account, trace, true), "--mechanism", "OAUTHBEARER")));
        steps.add(new Step("Log in to POP3 with XOAUTH2", 0, test("pop3", servers.pop3Port(), account, trace, false)));
        steps.add(new Step("Refresh the access token", 0, with(List.of("refresh"), account.toArray(String[]::new))));
        steps.add(new Step("Log in to IMAP with OAUTHBEARER and the refreshed token", 0,
                with(test("imap", servers.imapPort(), account, trace, false), "--mechanism", "OAUTHBEARER")));
        steps.add(new Step("Log in to the shared mailbox " + SHARED + " with " + user + "'s token (--account): the server"
                + " accepts a delegate with Full Access", 0, test("imap", servers.imapPort(), with(List.of("--user", SHARED,
                        "--account", user), account.subList(2, account.size()).toArray(String[]::new)), trace, false)));
        steps.add(new Step("A token the OAuth2 server never issued is refused, with the server's reason (exit status 1)", 1,
                with(test("imap", servers.imapPort(), List.of("--user", user), trace, true),
                        "--access-token", "forged-" + System.nanoTime())));
        return steps;
    }

    /** A login; {@code teaches}: its protocol trace is worth reading even without {@code --trace}. */
    private static List<String> test(String protocol, int port, List<String> account, boolean trace, boolean teaches) {
        List<String> args = with(List.of("test", protocol, "--host", "127.0.0.1", "--port", String.valueOf(port), "--plain"),
                account.toArray(String[]::new));
        return trace ? with(args, "--trace") : teaches ? args : with(args, "--quiet");
    }

    private static List<String> with(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all;
    }

    private static void describe(SandboxServers servers, String store) {
        System.out.println("mail-oauth2 sandbox: an OAuth2 server and mail servers that check its tokens, in this JVM, on 127.0.0.1");
        System.out.println("  OAuth2 server (mock-oauth2-server), issuer " + servers.issuer());
        System.out.println("    authorization  " + servers.authorizationUrl() + "  (no login page: redirects straight back with a code)");
        System.out.println("    token          " + servers.tokenUrl());
        System.out.println("    introspection  " + servers.introspectionUrl() + "  (the mail servers ask it about every token)");
        System.out.println("  IMAP  127.0.0.1:" + servers.imapPort() + "  no TLS, " + ImapServer.CAPABILITY.substring(11));
        System.out.println("  SMTP  127.0.0.1:" + servers.smtpPort() + "  no TLS, submission, AUTH XOAUTH2 OAUTHBEARER");
        System.out.println("  POP3  127.0.0.1:" + servers.pop3Port() + "  no TLS, SASL XOAUTH2 OAUTHBEARER");
        System.out.println("  demo account " + SandboxServers.DEMO_USER + " (the tokens' sub), OAuth2 client "
                + SandboxServers.CLIENT_ID + " / " + SandboxServers.CLIENT_SECRET + ", scope \"" + SandboxServers.SCOPE + "\"");
        System.out.println("  shared mailbox " + SHARED + " (the demo account has Full Access on it)");
        System.out.println("  token store " + store + " (deleted at the end)");
    }

    private static String quote(String arg) {
        return arg.isEmpty() || arg.matches(".*[\\s\"'$].*") ? "\"" + arg.replace("\"", "\\\"") + "\"" : arg;
    }

    private static String seconds(long since) {
        return String.format("%.1f s", (System.nanoTime() - since) / 1e9);
    }
}
