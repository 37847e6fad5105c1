package io.github.mailoauth2.spring.boot;

import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;

/**
 * The JavaMail keys that make a protocol log in through mail-oauth2's SASL clients, set where the application left
 * them out; settings that contradict them stop the start-up, saying what to change.
 */
final class SaslKeys {
    /** The dummy connect password: JavaMail wants one, the token source supplies the token (docs/configuration.md). */
    static final String DUMMY_PASSWORD = "oauth2";
    private static final String MECHANISMS = "XOAUTH2";

    private SaslKeys() {
    }

    /**
     * Sets {@code mail.<protocol>.sasl.enable}, {@code sasl.mechanisms}, {@code auth}, for POP3 {@code auth.mechanisms}
     * and, unless the connection is TLS from the start, {@code starttls.enable} and {@code starttls.required}.
     *
     * @param where where the application set {@code properties}, for the messages, e.g. {@code spring.mail.properties}
     * @throws IllegalStateException if {@code properties} contradict an OAuth2 login
     */
    static void apply(String protocol, Properties properties, String where) {
        String prefix = "mail." + protocol + ".";
        String mechanisms = properties.getProperty(prefix + "sasl.mechanisms");
        if (mechanisms != null && Arrays.stream(mechanisms.toUpperCase(Locale.ROOT).split("[\\s,]+"))
                .noneMatch(m -> m.equals("XOAUTH2") || m.equals("OAUTHBEARER"))) {
            throw new IllegalStateException(prefix + "sasl.mechanisms is '" + mechanisms + "', which has neither XOAUTH2 nor"
                    + " OAUTHBEARER, while mail.oauth2 settings are configured: " + protocol + " would log in with a password."
                    + " Remove " + prefix + "sasl.mechanisms from " + where + " (the starter sets XOAUTH2), or add XOAUTH2 or OAUTHBEARER to it.");
        }
        if ("false".equalsIgnoreCase(properties.getProperty(prefix + "sasl.enable"))) {
            throw new IllegalStateException(prefix + "sasl.enable is false while mail.oauth2 settings are configured: " + protocol
                    + " would log in with a password. Remove " + prefix + "sasl.enable from " + where + ".");
        }
        boolean tls = protocol.endsWith("s") || "true".equalsIgnoreCase(properties.getProperty(prefix + "ssl.enable"));
        if (!tls && "false".equalsIgnoreCase(properties.getProperty(prefix + "starttls.required"))) {
            throw new IllegalStateException(prefix + "starttls.required is false while mail.oauth2 settings are configured: the token"
                    + " could cross an unencrypted connection. Remove " + prefix + "starttls.required from " + where + ","
                    + " or set " + prefix + "ssl.enable=true for a TLS port.");
        }
        if (protocol.startsWith("pop3")) {
            pop3Mechanism(prefix, properties, where);
        }
        properties.putIfAbsent(prefix + "sasl.enable", "true");
        properties.putIfAbsent(prefix + "sasl.mechanisms", MECHANISMS);
        properties.putIfAbsent(prefix + "auth", "true");
        if (!tls) {
            properties.putIfAbsent(prefix + "starttls.enable", "true");
            properties.putIfAbsent(prefix + "starttls.required", "true");
        }
    }

    /**
     * POP3 has no SASL in JavaMail: its store logs in with the first of {@code auth.mechanisms} that the server offers
     * ({@code LOGIN} by default, which would send the token as a password), so XOAUTH2 must be the only one.
     */
    private static void pop3Mechanism(String prefix, Properties properties, String where) {
        String mechanisms = properties.getProperty(prefix + "auth.mechanisms");
        if (mechanisms != null && !mechanisms.strip().equalsIgnoreCase(MECHANISMS)) {
            throw new IllegalStateException(prefix + "auth.mechanisms is '" + mechanisms + "' while mail.oauth2 settings are configured:"
                    + " POP3 logs in with the first of them the server offers, and only XOAUTH2 carries the token. Remove "
                    + prefix + "auth.mechanisms from " + where + " (the starter sets XOAUTH2), or set it to XOAUTH2.");
        }
        properties.putIfAbsent(prefix + "auth.mechanisms", MECHANISMS);
    }

    /**
     * The connect password to use: the dummy where none is set.
     *
     * @param source the token source's name, if known: {@code static} takes the password as the token
     * @param setting where the password is set, for the message, e.g. {@code spring.mail.password (of mailSender)}
     * @param remove what to remove, for the message
     * @throws IllegalStateException if a real password is set with a token source that fetches tokens itself
     */
    static String password(String password, String source, String setting, String remove) {
        if (password == null || password.isEmpty()) {
            return DUMMY_PASSWORD;
        }
        if (password.equals(DUMMY_PASSWORD) || "static".equals(source)) {
            return password;
        }
        throw new IllegalStateException(setting + " is set while mail.oauth2 settings are configured"
                + (source == null ? "" : " (source " + source + ")") + ": the token source logs in, and a password would"
                + " never be sent. Remove " + remove + " (the starter supplies the dummy '" + DUMMY_PASSWORD + "').");
    }
}
