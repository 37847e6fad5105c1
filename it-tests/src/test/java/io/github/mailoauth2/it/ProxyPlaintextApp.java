package io.github.mailoauth2.it;

import io.github.mailoauth2.sandbox.SandboxServers;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Service;
import jakarta.mail.Session;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Properties;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * Runs inside {@link ProxyPlaintextIT}'s network namespace: the application connects to
 * {@code localhost}, but JavaMail's proxy ({@code mail.<p>.proxy.host}) is a CONNECT proxy on the
 * namespace's non-loopback address, so the bytes cross "the network". Prints one line per case.
 *
 * @see ProxyPlaintextIT
 */
public final class ProxyPlaintextApp {
    private static final String PASSWORD = "changeit";

    public static void main(String[] args) throws Exception {
        InetAddress address = InetAddress.getByName(args[0]);
        Path keystore = Path.of(args[1]);
        try (SandboxServers servers = SandboxServers.start(event -> { });
             ServerSocket tls = tlsFront(keystore, servers.imapPort())) {
            String token = servers.accessToken(SandboxServers.DEMO_USER);
            for (String protocol : new String[] {"imap", "smtp"}) {
                int port = protocol.equals("imap") ? servers.imapPort() : servers.smtpPort();
                for (String allow : new String[] {"default", "true"}) {
                    Properties props = properties(protocol, address);
                    if (!allow.equals("default")) {
                        props.setProperty("mail.oauth2.allow-plaintext", allow);
                    }
                    System.out.println(protocol + " allow-plaintext=" + allow + ": " + login(protocol, props, address, port, token));
                }
            }
            Properties props = properties("imaps", address);
            props.setProperty("mail.imaps.ssl.trust", "localhost");
            System.out.println("imaps allow-plaintext=default: " + login("imaps", props, address, tls.getLocalPort(), token));
        }
    }

    private static Properties properties(String protocol, InetAddress proxy) {
        Properties props = new Properties();
        props.setProperty("mail." + protocol + ".sasl.enable", "true");
        props.setProperty("mail." + protocol + ".sasl.mechanisms", "XOAUTH2");
        props.setProperty("mail." + protocol + ".auth", "true");
        props.setProperty("mail." + protocol + ".proxy.host", proxy.getHostAddress());
        return props;
    }

    /** Connects to localhost through a fresh proxy; says how it ended and what went through the tunnel. */
    private static String login(String protocol, Properties props, InetAddress address, int port, String token)
            throws IOException, MessagingException {
        try (ConnectProxy proxy = new ConnectProxy(address)) {
            props.setProperty("mail." + protocol + ".proxy.port", String.valueOf(proxy.port()));
            Session session = Session.getInstance(props);
            Service service = protocol.startsWith("imap") ? session.getStore(protocol) : session.getTransport(protocol);
            String outcome;
            try {
                service.connect("localhost", port, SandboxServers.DEMO_USER, token);
                service.close();
                outcome = "LOGGED-IN";
            } catch (AuthenticationFailedException e) {
                String named = "the proxy " + address.getHostAddress() + " (mail." + protocol + ".proxy.host)";
                outcome = !e.getMessage().contains("refused to send the access token") ? "FAILED " + e.getMessage()
                        : e.getMessage().contains(named) ? "REFUSED naming-the-proxy" : "REFUSED";
            }
            boolean inClear = proxy.sawInClear(token) || proxy.sawInClear("AUTHENTICATE") || proxy.sawInClear("AUTH XOAUTH2");
            return outcome + (inClear ? " auth-in-clear" : " no-auth-in-clear") + " tunnels=" + proxy.tunnels();
        }
    }

    /** A TLS terminator on localhost in front of the sandbox's IMAP server (which has no TLS). */
    private static ServerSocket tlsFront(Path keystore, int imapPort) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keystore.toFile())) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(managers.getKeyManagers(), null, null);
        SSLServerSocket listener = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket client = listener.accept();
                    Socket server = new Socket(InetAddress.getLoopbackAddress(), imapPort);
                    ConnectProxy.pump(server.getInputStream(), client.getOutputStream(), null);
                    ConnectProxy.pump(client.getInputStream(), server.getOutputStream(), null);
                } catch (IOException e) {
                    return;
                }
            }
        }, "tls-front");
        acceptor.setDaemon(true);
        acceptor.start();
        return listener;
    }
}
