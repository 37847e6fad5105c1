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
import java.util.Properties;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * A real login through Angus Mail and mail-oauth2's SASL clients, as an application's would, with a
 * protocol trace: what {@code test} does, and {@code doctor --test} after its diagnosis. The token is
 * the given one, or the one the token source hands the connection.
 */
final class MailLogin {
    enum Protocol { IMAP, SMTP, POP3 }

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

    /**
     * Logs in as {@code user}; prints the trace and the outcome.
     *
     * @param accessToken the token to log in with, or {@code null} for the configured source's
     * @return 0 on success
     * @throws CliFailure with the server's reason and hints if the login failed
     */
    int run(PrintWriter out, Protocol protocol, String user, String accessToken, ClientOptions client) throws IOException {
        mechanism = mechanism.toUpperCase(Locale.ROOT);
        if (!mechanism.equals("XOAUTH2") && !mechanism.equals("OAUTHBEARER")) {
            throw CliFailure.usage("--mechanism must be XOAUTH2 or OAUTHBEARER");
        }
        if (protocol == Protocol.POP3 && !mechanism.equals("XOAUTH2")) {
            throw CliFailure.usage("POP3 supports XOAUTH2 only (Angus Mail has no SASL for POP3)");
        }
        boolean tls = !security.starttls && !security.plain;
        String name = protocol.name().toLowerCase(Locale.ROOT) + (tls ? "s" : "");
        String server = host != null ? host : defaultHost(protocol, client);
        int serverPort = port > 0 ? port : defaultPort(protocol, tls);
        Properties props = sessionProperties(protocol, name, user, accessToken, client);
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
            String result = login(session, protocol, name, server, serverPort, user, accessToken);
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

    private static String login(Session session, Protocol protocol, String name, String server, int serverPort, String user,
                                String accessToken) throws MessagingException {
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

    private Properties sessionProperties(Protocol protocol, String name, String user, String accessToken, ClientOptions client)
            throws IOException {
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
            props.putAll(StoredClient.sourceProperties(client, user));
        }
        return props;
    }

    private static String defaultHost(Protocol protocol, ClientOptions client) {
        boolean microsoft = "microsoft".equalsIgnoreCase(client.provider);
        switch (protocol) {
            case SMTP: return microsoft ? "smtp.office365.com" : "smtp.gmail.com";
            case POP3: return microsoft ? "outlook.office365.com" : "pop.gmail.com";
            default: return microsoft ? "outlook.office365.com" : "imap.gmail.com";
        }
    }

    private static int defaultPort(Protocol protocol, boolean tls) {
        switch (protocol) {
            case SMTP: return tls ? 465 : 587;
            case POP3: return tls ? 995 : 110;
            default: return tls ? 993 : 143;
        }
    }
}
