package io.github.mailoauth2.internal;

import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.OAuth2Properties;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code allow-plaintext}: whether a bearer token, refresh token or client secret may cross an
 * unencrypted connection to a host. {@code loopback} (the default) allows it only to this machine,
 * where nobody can listen on the wire; {@code true} allows it anywhere (test rigs); {@code false}
 * never. RFC 6749 requires TLS at the token endpoint, and a bearer token is as good as a password.
 * "This machine" is where the bytes go, not the host that was named: a mail connection through a
 * proxy or a socket factory is not loopback unless every hop is.
 */
public final class PlaintextPolicy {
    private enum Mode { LOOPBACK, TRUE, FALSE }

    private final Mode mode;

    private PlaintextPolicy(Mode mode) {
        this.mode = mode;
    }

    /**
     * The policy {@code config} sets.
     *
     * @param config the configuration of one protocol
     * @return its policy
     * @throws ConfigurationException if {@code allow-plaintext} is not {@code loopback}, {@code true} or {@code false}
     */
    public static PlaintextPolicy of(OAuth2Config config) throws ConfigurationException {
        String value = config.get(OAuth2Properties.ALLOW_PLAINTEXT).orElse("loopback");
        try {
            return new PlaintextPolicy(Mode.valueOf(value.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(config.where(OAuth2Properties.ALLOW_PLAINTEXT) + " is \""
                    + ServerText.clean(value, List.of()) + "\"; known: loopback (the default), true, false");
        }
    }

    /**
     * Whether secrets may go unencrypted to {@code host} over a direct connection.
     *
     * @param host a name or an address (IPv6 with or without brackets)
     * @return {@code true} if secrets may go to it over a plain connection
     */
    public boolean allows(String host) {
        switch (mode) {
            case TRUE:
                return true;
            case FALSE:
                return false;
            default:
                return isLoopback(host);
        }
    }

    /**
     * Whether secrets may go unencrypted to the mail server {@code host} over the connection that
     * JavaMail makes for {@code protocol} with {@code session}: under {@code loopback}, the host must be
     * this machine and so must every hop on the way ({@link #networkHop}).
     *
     * @param protocol the JavaMail protocol, e.g. {@code imap}: its {@code mail.<protocol>.*} keys are read
     * @param host the mail server as the application named it
     * @param session the session's properties
     * @return {@code true} if secrets may go to it over a plain connection
     */
    public boolean allows(String protocol, String host, Map<String, ?> session) {
        return mode == Mode.LOOPBACK ? isLoopback(host) && networkHop(protocol, host, session).isEmpty() : allows(host);
    }

    /**
     * What carries a plain connection to the mail server {@code host} off this machine even though
     * the host is this machine: JavaMail's HTTP proxy ({@code mail.<protocol>.proxy.host}) or SOCKS
     * proxy ({@code mail.<protocol>.socks.host}, or the JVM's {@code socksProxyHost} through the
     * default {@code ProxySelector}) on another host, or the application's own socket factory
     * ({@code mail.<protocol>.socketFactory}, {@code .socketFactory.class}), whose socket may go anywhere.
     *
     * @return the hop, for messages, e.g. "the proxy 10.0.0.5 (mail.imap.proxy.host)"; empty if the connection is direct
     */
    public static Optional<String> networkHop(String protocol, String host, Map<String, ?> session) {
        String prefix = "mail." + protocol + ".";
        for (String key : List.of(prefix + "proxy.host", prefix + "socks.host")) {
            String proxy = value(session, key);
            if (proxy != null && !isLoopback(hostOf(proxy))) {
                return Optional.of("the proxy " + ServerText.clean(proxy, List.of()) + " (" + key + ")");
            }
        }
        for (String key : List.of(prefix + "socketFactory", prefix + "socketFactory.class")) {
            if (value(session, key) != null) {
                return Optional.of("the application's socket factory (" + key + "), which may send it anywhere");
            }
        }
        ProxySelector selector = ProxySelector.getDefault();
        try {
            // JavaMail's plain socket asks the default ProxySelector (if any), which answers -DsocksProxyHost
            for (Proxy proxy : selector == null ? List.<Proxy>of() : selector.select(new URI("socket", host, null, null))) {
                if (proxy.type() == Proxy.Type.SOCKS && proxy.address() instanceof InetSocketAddress address
                        && !isLoopback(address.getHostString())) {
                    return Optional.of("the proxy " + address.getHostString() + " (socksProxyHost)");
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.of("a route that cannot be checked (" + e.getClass().getSimpleName() + ")");
        }
        return Optional.empty();
    }

    /** JavaMail's {@code host:port}, an IPv6 address in brackets or alone. */
    private static String hostOf(String proxy) {
        String value = proxy.strip();
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            return end < 0 ? value : value.substring(1, end);
        }
        int colon = value.indexOf(':');
        return colon >= 0 && colon == value.lastIndexOf(':') ? value.substring(0, colon) : value;
    }

    private static String value(Map<String, ?> session, String key) {
        Object value = session == null ? null : session.get(key);
        if (value == null && (Object) session instanceof Properties p) {
            value = p.getProperty(key);
        }
        return value == null || value.toString().isBlank() ? null : value.toString();
    }

    /** {@code localhost}, or a name or address all of whose addresses are loopback ones. */
    static boolean isLoopback(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            InetAddress[] addresses = InetAddress.getAllByName(bare);
            for (InetAddress address : addresses) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return addresses.length > 0;
        } catch (UnknownHostException | SecurityException e) {
            return false;
        }
    }
}
