package io.github.mailoauth2.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * A line-relaying proxy in front of a real server on 127.0.0.1: it keeps the client's command
 * lines in memory (never printed: they hold tokens) so that a test can see what went over the
 * wire, and may rewrite the server's lines, e.g. to hide the SASL-IR capability.
 */
final class TapProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private final UnaryOperator<String> serverLines;
    private final UnaryOperator<String> clientRewrite;
    private final List<String> clientLines = new CopyOnWriteArrayList<>();

    TapProxy(int targetPort, UnaryOperator<String> serverLines) throws IOException {
        this(targetPort, serverLines, UnaryOperator.identity());
    }

    /** Also rewrites what the client sends (recorded as sent, before the rewrite). */
    TapProxy(int targetPort, UnaryOperator<String> serverLines, UnaryOperator<String> clientLines) throws IOException {
        this(InetAddress.getLoopbackAddress(), targetPort, serverLines, clientLines);
    }

    /** Listens on {@code bind} instead of the loopback address. */
    TapProxy(InetAddress bind, int targetPort, UnaryOperator<String> serverLines, UnaryOperator<String> clientLines)
            throws IOException {
        this.listener = new ServerSocket(0, 50, bind);
        this.targetPort = targetPort;
        this.serverLines = serverLines;
        this.clientRewrite = clientLines;
        Thread acceptor = new Thread(this::accept, "tap-proxy-" + targetPort);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static TapProxy transparent(int targetPort) throws IOException {
        return new TapProxy(targetPort, UnaryOperator.identity());
    }

    int port() {
        return listener.getLocalPort();
    }

    List<String> clientLines() {
        return List.copyOf(clientLines);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(Lab.HOST, targetPort);
                pump(server.getInputStream(), client.getOutputStream(), serverLines, null);
                pump(client.getInputStream(), server.getOutputStream(), clientRewrite, clientLines);
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pump(InputStream in, OutputStream out, UnaryOperator<String> rewrite, List<String> record) {
        Thread t = new Thread(() -> {
            try (in; out) {
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                int b;
                while ((b = in.read()) != -1) {
                    line.write(b);
                    if (b == '\n') {
                        String text = line.toString(StandardCharsets.ISO_8859_1);
                        if (record != null) {
                            record.add(text.stripTrailing());
                        }
                        out.write(rewrite.apply(text).getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                        line.reset();
                    }
                }
            } catch (IOException e) {
                // the other side closed: the pump's job is over
            }
        });
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
