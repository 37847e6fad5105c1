package io.github.mailoauth2.internal;

import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.OAuth2Properties;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * {@code allow-plaintext}: whether a bearer token, refresh token or client secret may cross an
 * unencrypted connection to a host. {@code loopback} (the default) allows it only to this machine,
 * where nobody can listen on the wire; {@code true} allows it anywhere (test rigs); {@code false}
 * never. RFC 6749 requires TLS at the token endpoint, and a bearer token is as good as a password.
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
     * Whether secrets may go unencrypted to {@code host}.
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
