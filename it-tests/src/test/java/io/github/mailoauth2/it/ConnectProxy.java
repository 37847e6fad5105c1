package io.github.mailoauth2.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP CONNECT proxy (what {@code mail.<protocol>.proxy.host} names) that keeps in memory every
 * byte the client sends through its tunnels, never printed: a test asks whether a token or an
 * authentication command went through in the clear.
 */
final class ConnectProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final ByteArrayOutputStream tunnelled = new ByteArrayOutputStream();
    private final AtomicInteger tunnels = new AtomicInteger();

    ConnectProxy(InetAddress bind) throws IOException {
        listener = new ServerSocket(0, 50, bind);
        Thread acceptor = new Thread(this::accept, "connect-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Whether {@code text} went through a tunnel as it is (not encrypted). */
    boolean sawInClear(String text) {
        synchronized (tunnelled) {
            return tunnelled.toString(StandardCharsets.ISO_8859_1).contains(text);
        }
    }

    /** How many tunnels it opened. */
    int tunnels() {
        return tunnels.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                String target = requestTarget(client.getInputStream());
                int colon = target.lastIndexOf(':');
                Socket server = new Socket(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)));
                tunnels.incrementAndGet();
                client.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                pump(server.getInputStream(), client.getOutputStream(), null);
                pump(client.getInputStream(), server.getOutputStream(), tunnelled);
            } catch (IOException | RuntimeException e) {
                if (listener.isClosed()) {
                    return;
                }
            }
        }
    }

    /** Reads the request head byte by byte (nothing of the tunnel after it) and returns CONNECT's host:port. */
    private static String requestTarget(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed in the request head");
            }
            head.write(b);
        }
        String[] requestLine = head.toString(StandardCharsets.ISO_8859_1).lines().findFirst().orElse("").split(" ");
        if (requestLine.length < 2 || !requestLine[0].equals("CONNECT")) {
            throw new IOException("not a CONNECT request");
        }
        return requestLine[1];
    }

    static void pump(InputStream in, OutputStream out, ByteArrayOutputStream record) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (in; out) {
                for (int n; (n = in.read(buffer)) != -1; ) {
                    if (record != null) {
                        synchronized (record) {
                            record.write(buffer, 0, n);
                        }
                    }
                    out.write(buffer, 0, n);
                    out.flush();
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
