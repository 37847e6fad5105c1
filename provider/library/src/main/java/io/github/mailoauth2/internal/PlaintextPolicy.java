package io.github.mailoauth2.internal;

import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.OAuth2Properties;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * {@code allow-plaintext}: where a bearer token or a client secret may travel unencrypted. By
 * default only to this machine (a local proxy, a test server): what stays on the loopback interface
 * crosses no network.
 */
public final class PlaintextPolicy {
    private enum Mode { LOOPBACK, ALWAYS, NEVER }

    private final Mode mode;

    private PlaintextPolicy(Mode mode) {
        this.mode = mode;
    }

    /** The configured policy; {@code loopback} unless set. */
    public static PlaintextPolicy of(OAuth2Config config) throws ConfigurationException {
        String value = config.get(OAuth2Properties.ALLOW_PLAINTEXT).orElse("loopback").toLowerCase(Locale.ROOT);
        switch (value) {
            case "loopback":
                return new PlaintextPolicy(Mode.LOOPBACK);
            case "true":
                return new PlaintextPolicy(Mode.ALWAYS);
            case "false":
                return new PlaintextPolicy(Mode.NEVER);
            default:
                throw new ConfigurationException(config.where(OAuth2Properties.ALLOW_PLAINTEXT) + " is \"" + value
                        + "\"; it takes loopback (the default), true or false");
        }
    }

    /** Whether secrets may go to {@code host} (a name or an address literal) without TLS. */
    public boolean allows(String host) {
        switch (mode) {
            case ALWAYS:
                return true;
            case NEVER:
                return false;
            default:
                return isLoopback(host);
        }
    }

    private static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        try {
            // every address the name stands for must be local: a name that also resolves elsewhere could be sent there
            InetAddress[] addresses = InetAddress.getAllByName(host);
            for (InetAddress address : addresses) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return addresses.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
