package io.github.mailoauth2.cli;

import io.github.mailoauth2.MailOAuth2;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * oauth2.py's {@code --test_imap_authentication} and {@code --test_smtp_authentication}, plus POP3:
 * a real login through Angus Mail and mail-oauth2's SASL clients, with a protocol trace.
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Log in to an IMAP, SMTP or POP3 server with OAuth2.",
                "The login goes through Angus Mail and mail-oauth2's SASL clients, as an application's would, and the"
                        + " protocol conversation is shown with the tokens redacted (unless --show-secrets). On success"
                        + " IMAP selects INBOX and POP3 counts the messages; on failure the server's decoded reason and"
                        + " a hint are shown. The token is --access-token, or the stored account's."},
        footer = {"Examples:",
                "  mail-oauth2 test imap --user you@gmail.com --client-secret SECRET",
                "  mail-oauth2 test smtp --host smtp.office365.com --port 587 --starttls \\",
                "      --user you@contoso.com",
                "  mail-oauth2 test pop3 --host outlook.office365.com --user you@contoso.com \\",
                "      --access-token eyJ0..."})
final class TestCommand implements Callable<Integer> {
    enum Protocol { IMAP, SMTP, POP3 }

    @Parameters(index = "0", paramLabel = "PROTOCOL", description = "imap, smtp or pop3.")
    Protocol protocol;

    @Option(names = {"-u", "--user"}, required = true, paramLabel = "ADDRESS", description = "The mailbox address to log in as.")
    String user;

    @Option(names = "--access-token", paramLabel = "TOKEN", description = "Log in with this token (default: the stored account's).")
    String accessToken;

    @Option(names = "--host", paramLabel = "HOST", description = "The server (default: Gmail's, or Microsoft's with --provider microsoft).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", converter = Numbers.Port.class,
            description = "The port (default: 993, 465 or 995 with TLS; 143, 587 or 110 otherwise).")
    int port = -1;

    @ArgGroup(exclusive = true)
    Security security = new Security();

    static final class Security {
        @Option(names = "--tls", description = "TLS from the start (the default).")
        boolean tls;

        @Option(names = "--starttls", description = "A plain connection upgraded with STARTTLS (SMTP on 587).")
        boolean starttls;

        @Option(names = "--plain", description = "No TLS at all: the token crosses the network in the clear (test servers only).")
        boolean plain;
    }

    @Option(names = "--mechanism", paramLabel = "NAME", description = "XOAUTH2 (the default), or OAUTHBEARER for IMAP and SMTP.")
    String mechanism = "XOAUTH2";

    @Option(names = "--show-secrets", description = "Show the tokens in the trace.")
    boolean showSecrets;

    @Option(names = "--trace", description = "Show the mail library's debug lines too, not only the protocol.")
    boolean trace;

    @Option(names = "--quiet", description = "Show no protocol trace, only the outcome.")
    boolean quiet;

    @Mixin
    ClientOptions client = new ClientOptions();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        mechanism = mechanism.toUpperCase(Locale.ROOT);
        if (!mechanism.equals("XOAUTH2") && !mechanism.equals("OAUTHBEARER")) {
            throw CliFailure.usage("--mechanism must be XOAUTH2 or OAUTHBEARER");
        }
        if (protocol == Protocol.POP3 && !mechanism.equals("XOAUTH2")) {
            throw CliFailure.usage("POP3 supports XOAUTH2 only (Angus Mail has no SASL for POP3)");
        }
        boolean tls = !security.starttls && !security.plain;
        String name = protocol.name().toLowerCase(Locale.ROOT) + (tls ? "s" : "");
        String server = host != null ? host : defaultHost();
        int serverPort = port > 0 ? port : defaultPort(tls);
        Properties props = sessionProperties(name);
        MailOAuth2.install();
        Session session = Session.getInstance(props);
        if (!quiet) {
            session.setDebugOut(new PrintStream(new ProtocolTrace(out, showSecrets, trace), true, StandardCharsets.UTF_8));
            session.setDebug(true);
        }
        out.println("Connecting to " + server + ":" + serverPort + " (" + name + (security.starttls ? ", STARTTLS" : "")
                + ") as " + user + " with " + mechanism + "...");
        out.flush();
        try {
            String result = login(session, name, server, serverPort);
            out.println();
            out.println("OK: " + result);
            return 0;
        } catch (MessagingException e) {
            out.println();
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            StringBuilder message = new StringBuilder("authentication to " + server + " failed: " + reason);
            for (String hint : Hints.forFailure(reason + " " + e.getCause(), user)) {
                message.append(System.lineSeparator()).append("hint: ").append(hint);
            }
            throw CliFailure.auth(message.toString());
        }
    }

    private String login(Session session, String name, String server, int serverPort) throws MessagingException {
        String password = accessToken != null ? accessToken : "oauth2";
        if (protocol == Protocol.SMTP) {
            Transport transport = session.getTransport(name);
            transport.connect(server, serverPort, user, password);
            transport.close();
            return "authenticated to " + server + " as " + user;
        }
        Store store = session.getStore(name);
        store.connect(server, serverPort, user, password);
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        int count = inbox.getMessageCount();
        inbox.close(false);
        store.close();
        return protocol == Protocol.IMAP ? "INBOX selected: " + count + " messages" : count + " messages in the mailbox";
    }

    private Properties sessionProperties(String name) throws IOException {
        Properties props = new Properties();
        props.setProperty("mail.debug.auth", "true");
        props.setProperty("mail." + name + ".connectiontimeout", "15000");
        props.setProperty("mail." + name + ".timeout", "30000");
        if (protocol == Protocol.POP3) {
            props.setProperty("mail." + name + ".auth.mechanisms", "XOAUTH2");
        } else {
            props.setProperty("mail." + name + ".sasl.enable", "true");
            props.setProperty("mail." + name + ".sasl.mechanisms", mechanism);
            props.setProperty("mail." + name + ".auth", "true");
        }
        if (security.starttls) {
            props.setProperty("mail." + name + ".starttls.enable", "true");
            props.setProperty("mail." + name + ".starttls.required", "true");
        }
        if (accessToken == null) {
            Map<String, String> oauth = StoredClient.properties(client, user);
            oauth.putIfAbsent("mail.oauth2.source", "refresh-token");
            props.putAll(oauth);
        }
        return props;
    }

    private String defaultHost() {
        boolean microsoft = "microsoft".equalsIgnoreCase(client.provider);
        switch (protocol) {
            case SMTP: return microsoft ? "smtp.office365.com" : "smtp.gmail.com";
            case POP3: return microsoft ? "outlook.office365.com" : "pop.gmail.com";
            default: return microsoft ? "outlook.office365.com" : "imap.gmail.com";
        }
    }

    private int defaultPort(boolean tls) {
        switch (protocol) {
            case SMTP: return tls ? 465 : 587;
            case POP3: return tls ? 995 : 110;
            default: return tls ? 993 : 143;
        }
    }
}
