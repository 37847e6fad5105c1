package io.github.mailoauth2.sandbox;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A line-based mail protocol server on 127.0.0.1: one thread per connection (at most 32 at once),
 * a 60 s read timeout, lines of at most 8 KiB (a longer one ends the connection), and the SASL
 * exchange that IMAP, SMTP and POP3 share.
 */
abstract class LineServer implements AutoCloseable {
    static final int MAX_LINE = 8192;
    private static final int MAX_CONNECTIONS = 32;

    final String name;
    final TokenChecker checker;
    final Mailboxes mailboxes;
    private final Consumer<String> events;
    private final ServerSocket listener;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();

    LineServer(String name, int port, TokenChecker checker, Mailboxes mailboxes, Consumer<String> events) throws IOException {
        this.name = name;
        this.checker = checker;
        this.mailboxes = mailboxes;
        this.events = events;
        this.listener = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "sandbox-" + name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Talks one connection's protocol until the client quits; an IOException just ends the connection. */
    abstract void session(Connection c) throws IOException;

    /** What the client is told before a too-long line closes the connection. */
    abstract String lineTooLong();

    void event(String text) {
        events.accept(name + ": " + text);
    }

    /** A protocol's final replies to a login: unknown mechanism, cancelled by the client, accepted, rejected. */
    record Replies(String unsupported, String cancelled, String accepted, String rejected) {
    }

    /**
     * The SASL exchange after {@code AUTHENTICATE}/{@code AUTH}, whose arguments are {@code MECHANISM
     * [initial-response]}: the empty {@code challenge} when there is no initial response, the token
     * check, on failure the RFC 7628 error report as a challenge and the client's dummy answer, then
     * the final reply. Returns the logged-in user, or null.
     */
    String login(Connection c, String args, String challenge, Replies replies) throws IOException {
        String[] words = args.split(" ", 2);
        String mechanism = words[0].toUpperCase(Locale.ROOT);
        if (!mechanism.equals("XOAUTH2") && !mechanism.equals("OAUTHBEARER")) {
            c.send(replies.unsupported());
            return null;
        }
        String response = words.length > 1 ? words[1] : null;
        if (response == null) {
            c.send(challenge);
            response = c.readLine();
        }
        if (response.equals("*")) {
            c.send(replies.cancelled());
            return null;
        }
        TokenChecker.Verdict verdict = review(mechanism, checker.check(mechanism, response.equals("=") ? "" : response));
        event(mechanism + " login as " + verdict.user() + (verdict.accepted() ? " accepted: " : " rejected: ") + verdict.reason());
        if (verdict.accepted()) {
            c.send(replies.accepted());
            return verdict.user();
        }
        if (verdict.failureJson() != null) {
            c.send(challenge + Base64.getEncoder().encodeToString(verdict.failureJson().getBytes(StandardCharsets.UTF_8)));
            c.readLine();
        }
        c.send(replies.rejected());
        return null;
    }

    /** A protocol's second look at a token the OAuth2 server judged: none unless it overrides this. */
    TokenChecker.Verdict review(String mechanism, TokenChecker.Verdict verdict) {
        return verdict;
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                return;
            }
            if (connections.size() >= MAX_CONNECTIONS) {
                closeQuietly(socket);
                continue;
            }
            connections.add(socket);
            Thread thread = new Thread(() -> serve(socket), "sandbox-" + name + "-" + socket.getPort());
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void serve(Socket socket) {
        try {
            socket.setSoTimeout(60_000);
            Connection c = new Connection(socket);
            try {
                session(c);
            } catch (LineTooLongException e) {
                c.send(lineTooLong());
            }
        } catch (IOException e) {
            // the client went away, timed out or sent too much: the connection is over
        } finally {
            connections.remove(socket);
            closeQuietly(socket);
        }
    }

    @Override
    public void close() {
        closeQuietly(listener);
        connections.forEach(LineServer::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing anyway
        }
    }

    static final class LineTooLongException extends IOException {
        LineTooLongException() {
            super("line longer than " + MAX_LINE + " octets");
        }
    }

    /** One client: lines in and out as ISO-8859-1 (every octet kept), CRLF or LF accepted. */
    static final class Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        /** Ends the connection from another thread: the session's next read fails. */
        void close() {
            closeQuietly(socket);
        }

        /** The next line without its line end; EOFException at the end of the stream. */
        String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new EOFException();
                }
                if (line.size() >= MAX_LINE) {
                    skipLine();
                    throw new LineTooLongException();
                }
                line.write(b);
            }
            String text = line.toString(StandardCharsets.ISO_8859_1);
            return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        }

        /** Reads past the rest of an overlong line (up to 1 MiB), so that closing does not reset the connection. */
        private void skipLine() throws IOException {
            for (int n = 0, b = in.read(); b >= 0 && b != '\n' && n < 1 << 20; n++, b = in.read()) {
                // discarded
            }
        }

        /** Sends {@code text} (which may hold CRLFs of its own, e.g. a literal) and a final CRLF. */
        synchronized void send(String text) throws IOException {
            out.write((text + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
    }
}
