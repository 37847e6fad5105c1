package io.github.mailoauth2.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A byte-relaying TCP proxy in front of a server on 127.0.0.1 (TLS passes through untouched) that can drop every
 * connection at once, as a server or a network does to a long-lived session: the client sees its socket closed.
 */
final class CuttingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();

    CuttingProxy(int targetPort) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        Thread acceptor = new Thread(this::accept, "cutting-proxy-" + targetPort);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** How many connections clients have made through it so far. */
    int connections() {
        return connections.get();
    }

    /** Closes every connection open through it (new ones are still accepted). */
    void cut() throws IOException {
        for (Socket socket : open) {
            socket.close();
            open.remove(socket);
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(Lab.HOST, targetPort);
                connections.incrementAndGet();
                open.add(client);
                open.add(server);
                pump(client.getInputStream(), server.getOutputStream());
                pump(server.getInputStream(), client.getOutputStream());
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Relays one direction on a daemon thread until either side closes (or is cut). */
    private static void pump(InputStream in, OutputStream out) {
        Thread relay = new Thread(() -> relay(in, out), "cutting-proxy-relay");
        relay.setDaemon(true);
        relay.start();
    }

    private static void relay(InputStream in, OutputStream out) {
        try (in; out) {
            in.transferTo(out);
        } catch (IOException e) {
            // one side closed or was cut: closing both ends the other direction too
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        cut();
    }
}
