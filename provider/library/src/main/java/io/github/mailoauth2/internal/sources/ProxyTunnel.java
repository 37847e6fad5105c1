package io.github.mailoauth2.internal.sources;

import io.github.mailoauth2.internal.ServerText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiPredicate;
import javax.net.ssl.SSLSocketFactory;

/**
 * TLS through an HTTP proxy in a CONNECT tunnel that we open ourselves, so that Basic proxy
 * credentials go with it: the JDK's own tunnels refuse Basic unless the whole JVM is told otherwise
 * ({@code jdk.http.auth.tunneling.disabledSchemes}). {@code HttpsURLConnection} (with no proxy of its
 * own) takes the unconnected socket of {@link #createSocket()}, connects it, which opens the tunnel,
 * and layers TLS over it with {@link #createSocket(Socket, String, int, boolean)}.
 */
final class ProxyTunnel extends SSLSocketFactory {
    /** A proxy's answer to CONNECT is a status line and a few headers. */
    private static final int MAX_ANSWER = 16 * 1024;

    private final SSLSocketFactory tls;
    private final InetSocketAddress proxy;
    private final String name;
    private final String where;
    private final String authorization;
    private final BiPredicate<String, Integer> direct;

    /**
     * @param where the key that configures the proxy, for messages
     * @param authorization the {@code Proxy-Authorization} value, or {@code null}
     * @param direct which host and port are connected to directly, not through the proxy ({@code NO_PROXY})
     */
    ProxyTunnel(SSLSocketFactory tls, URI proxy, String where, String authorization, BiPredicate<String, Integer> direct) {
        this.tls = tls;
        this.direct = direct;
        this.proxy = InetSocketAddress.createUnresolved(proxy.getHost(), proxy.getPort());
        this.name = "the proxy " + proxy.getHost() + ":" + proxy.getPort() + " (" + where + ")";
        this.where = where;
        this.authorization = authorization;
    }

    @Override
    public Socket createSocket() {
        return new Tunnel();
    }

    @Override
    public Socket createSocket(Socket tunnel, String host, int port, boolean autoClose) throws IOException {
        return tls.createSocket(tunnel, host, port, autoClose);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket tunnel = createSocket();
        tunnel.connect(InetSocketAddress.createUnresolved(host, port));
        return createSocket(tunnel, host, port, true);
    }

    @Override
    public Socket createSocket(String host, int port, java.net.InetAddress localHost, int localPort) throws IOException {
        return createSocket(host, port);
    }

    @Override
    public Socket createSocket(java.net.InetAddress host, int port) throws IOException {
        return createSocket(host.getHostAddress(), port);
    }

    @Override
    public Socket createSocket(java.net.InetAddress address, int port, java.net.InetAddress localAddress, int localPort)
            throws IOException {
        return createSocket(address.getHostAddress(), port);
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return tls.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return tls.getSupportedCipherSuites();
    }

    /** A socket whose connect goes to the proxy and asks it for a tunnel to where it was meant to go. */
    private final class Tunnel extends Socket {
        Tunnel() {
            super(Proxy.NO_PROXY);
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            InetSocketAddress target = (InetSocketAddress) endpoint;
            if (direct.test(target.getHostString(), target.getPort())) {
                super.connect(target.isUnresolved() ? new InetSocketAddress(target.getHostString(), target.getPort()) : target,
                        timeout);
                return;
            }
            try {
                super.connect(new InetSocketAddress(proxy.getHostString(), proxy.getPort()), timeout);
            } catch (IOException e) {
                close();
                throw new ProxyFailure("cannot connect to " + name + ": " + describe(e)
                        + "; nothing was sent. Check that the proxy runs and that " + where + " names it", e);
            }
            try {
                open(target.getHostString() + ":" + target.getPort(), timeout);
            } catch (IOException e) {
                close();
                throw e instanceof ProxyFailure ? e : new ProxyFailure(name + " failed while opening a tunnel to "
                        + target.getHostString() + ":" + target.getPort() + ": " + describe(e) + "; nothing was sent", e);
            }
        }

        private void open(String target, int timeout) throws IOException {
            int before = getSoTimeout();
            setSoTimeout(timeout);
            OutputStream out = getOutputStream();
            String request = "CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n"
                    + (authorization == null ? "" : "Proxy-Authorization: " + authorization + "\r\n") + "\r\n";
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String statusLine = readAnswer(getInputStream());
            String[] parts = statusLine.split(" ", 3);
            int status = parts.length >= 2 && parts[0].startsWith("HTTP/") ? parseStatus(parts[1]) : -1;
            if (status == 407 || status == 401) { // tinyproxy answers wrong credentials with 401
                throw new ProxyFailure(name + " refused its credentials for the tunnel to " + target + " (HTTP " + status + "): "
                        + (authorization == null ? "it wants credentials; set proxy-user, and proxy-password (best in the"
                        + " environment, MAIL_OAUTH2_PROXY_PASSWORD)" : "check proxy-user and proxy-password") + "; nothing was sent", null);
            }
            if (status < 200 || status >= 300) {
                throw new ProxyFailure(name + " refused a tunnel to " + target + ": \""
                        + ServerText.clean(statusLine, List.of()) + "\"; nothing was sent. Check that the proxy allows"
                        + " CONNECT to that host and port", null);
            }
            setSoTimeout(before);
        }

        /** Reads the answer up to its blank line, byte by byte: what follows is the server's TLS. */
        private String readAnswer(InputStream in) throws IOException {
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("the proxy closed the connection before it answered CONNECT");
                }
                if (answer.size() >= MAX_ANSWER) {
                    throw new IOException("the proxy's answer to CONNECT is longer than " + MAX_ANSWER + " bytes");
                }
                answer.write(b);
                matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : b == '\r' ? 1 : 0;
            }
            String text = answer.toString(StandardCharsets.ISO_8859_1);
            return text.substring(0, text.indexOf("\r\n"));
        }

        private int parseStatus(String code) {
            try {
                return Integer.parseInt(code);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + ServerText.clean(message, List.of()));
    }

    /** The proxy, not the token endpoint, failed: no retry helps, and the message names the proxy. */
    static final class ProxyFailure extends IOException {
        private static final long serialVersionUID = 1L;
        /** Nested a few levels deep in what HttpURLConnection rethrows. */
        private static final int MAX_DEPTH = 16;

        ProxyFailure(String message, Throwable cause) {
            super(message, cause);
        }

        static ProxyFailure in(Throwable failure) {
            Throwable t = failure;
            for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
                if (t instanceof ProxyFailure proxyFailure) {
                    return proxyFailure;
                }
            }
            return null;
        }
    }
}
