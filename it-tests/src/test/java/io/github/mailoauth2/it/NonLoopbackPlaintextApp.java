package io.github.mailoauth2.it;

import io.github.mailoauth2.sandbox.SandboxServers;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Service;
import jakarta.mail.Session;
import java.net.InetAddress;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * Runs inside a network namespace of {@link NonLoopbackPlaintextIT}'s own: the sandbox's mail servers
 * (no TLS) reached through an address of that namespace that is not a loopback address, with the
 * README's properties and nothing else. Prints one line per case for the test to read.
 */
public final class NonLoopbackPlaintextApp {
    public static void main(String[] args) throws Exception {
        InetAddress address = InetAddress.getByName(args[0]);
        try (SandboxServers servers = SandboxServers.start(event -> { })) {
            String token = servers.accessToken(SandboxServers.DEMO_USER);
            for (String protocol : new String[] {"imap", "smtp"}) {
                int port = protocol.equals("imap") ? servers.imapPort() : servers.smtpPort();
                for (String allow : new String[] {"default", "true"}) {
                    try (TapProxy proxy = new TapProxy(address, port, UnaryOperator.identity(), UnaryOperator.identity())) {
                        Properties props = new Properties();
                        props.setProperty("mail." + protocol + ".sasl.enable", "true");
                        props.setProperty("mail." + protocol + ".sasl.mechanisms", "XOAUTH2");
                        props.setProperty("mail." + protocol + ".auth", "true");
                        if (!allow.equals("default")) {
                            props.setProperty("mail.oauth2.allow-plaintext", allow);
                        }
                        Session session = Session.getInstance(props);
                        Service service = protocol.equals("imap") ? session.getStore(protocol) : session.getTransport(protocol);
                        String outcome;
                        try {
                            service.connect(address.getHostAddress(), proxy.port(), SandboxServers.DEMO_USER, token);
                            service.close();
                            outcome = "LOGGED-IN";
                        } catch (AuthenticationFailedException e) {
                            outcome = e.getMessage().contains("refused to send the access token") ? "REFUSED" : "FAILED " + e.getMessage();
                        }
                        boolean sent = proxy.clientLines().stream().anyMatch(line -> line.contains(token)
                                || line.contains("AUTHENTICATE") || line.startsWith("AUTH"));
                        System.out.println(protocol + " allow-plaintext=" + allow + ": " + outcome + (sent ? " auth-sent" : " nothing-sent"));
                    }
                }
            }
        }
    }
}
