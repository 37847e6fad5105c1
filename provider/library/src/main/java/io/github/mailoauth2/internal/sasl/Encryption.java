package io.github.mailoauth2.internal.sasl;

import io.github.mailoauth2.internal.PlaintextPolicy;
import io.github.mailoauth2.token.OAuth2Config;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The rule that a bearer token never crosses an unencrypted connection (except as
 * {@code allow-plaintext} permits: by default to this machine only). Whether a connection is
 * encrypted is known for certain where a mail-oauth2 adapter runs the login (it asks the connection);
 * elsewhere it is derived from the JavaMail properties that guarantee TLS: an {@code s} protocol,
 * {@code ssl.enable}, or {@code starttls.required} (without which STARTTLS may silently not happen).
 */
public final class Encryption {
    private Encryption() {
    }

    /** Whether the session's properties guarantee TLS for {@code protocol} before any login. */
    public static boolean guaranteed(String protocol, Map<String, ?> props) {
        return protocol.endsWith("s") || isTrue(props, "mail." + protocol + ".ssl.enable")
                || isTrue(props, "mail." + protocol + ".starttls.required");
    }

    /**
     * Whether a token may be sent to {@code host} over a connection whose encryption is {@code encrypted}
     * and whose route the session's properties set ({@link PlaintextPolicy#allows(String, String, Map)}).
     *
     * @throws IOException if the {@code allow-plaintext} setting is wrong, or if a proxy or socket factory
     *     between here and a loopback {@code host} is what forbids it (the message is the refusal, naming it)
     */
    public static boolean permits(boolean encrypted, String protocol, String host, Map<String, ?> props) throws IOException {
        if (encrypted) {
            return true;
        }
        PlaintextPolicy policy = PlaintextPolicy.of(OAuth2Config.of(protocol, props));
        if (policy.allows(protocol, host, props)) {
            return true;
        }
        if (policy.allows(host)) {
            // "localhost" would be allowed: the refusal must say that the route, not the host, is the network
            throw new IOException("refused to send the access token to " + host + " over a connection without TLS: it goes"
                    + " through " + PlaintextPolicy.networkHop(protocol, host, props).orElse("the network")
                    + ", not only this machine; only TLS end to end with the mail server protects it there. " + advice(protocol));
        }
        return false;
    }

    /**
     * The check itself, for the adapters' gate before any login command and for the SASL clients before they send a
     * token: why a token may not go to {@code host} over a connection whose encryption is {@code encrypted}, or
     * {@code null} if it may.
     *
     * @param who what the refusal starts with: the mechanism, or {@code mail-oauth2}
     */
    public static String refusal(String who, boolean encrypted, String protocol, String host, int port, Map<String, ?> props) {
        try {
            return permits(encrypted, protocol, host, props) ? null : refusal(who, protocol, host, port);
        } catch (IOException e) {
            return who + ": " + e.getMessage();
        }
    }

    /** Why a token was not sent, and the settings that fix it. */
    public static String refusal(String mechanism, String protocol, String host, int port) {
        return mechanism + ": refused to send the access token to " + host + (port > 0 ? ":" + port : "")
                + " over a connection without TLS. " + advice(protocol);
    }

    private static String advice(String protocol) {
        String secure = protocol.endsWith("s") ? protocol : protocol + "s";
        String plain = protocol.endsWith("s") ? protocol.substring(0, protocol.length() - 1) : protocol;
        return "Use " + secure + " (TLS from the start), or set mail." + plain + ".starttls.enable=true and mail."
                + plain + ".starttls.required=true; only a test rig should set mail.oauth2.allow-plaintext=true";
    }

    /** Whether the session asks for a bearer-token mechanism on {@code protocol}, through SASL or POP3's AUTH. */
    public static boolean wanted(String protocol, Map<String, ?> props) {
        String mechanisms = isTrue(props, "mail." + protocol + ".sasl.enable")
                ? value(props, "mail." + protocol + ".sasl.mechanisms") : value(props, "mail." + protocol + ".auth.mechanisms");
        if (mechanisms == null) {
            return false;
        }
        String upper = mechanisms.toUpperCase(Locale.ROOT);
        return upper.contains(XOAuth2Client.NAME) || upper.contains(OAuthBearerClient.NAME);
    }

    private static boolean isTrue(Map<String, ?> props, String key) {
        return "true".equalsIgnoreCase(value(props, key));
    }

    private static String value(Map<String, ?> props, String key) {
        Object value = props == null ? null : props.get(key);
        if (value == null && (Object) props instanceof Properties p) {
            value = p.getProperty(key);
        }
        return value == null ? null : value.toString().strip();
    }
}
