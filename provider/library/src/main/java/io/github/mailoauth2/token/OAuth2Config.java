package io.github.mailoauth2.token;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration a token source is created from, for one protocol: the lookup order of
 * {@link OAuth2Properties} applied to a JavaMail session's properties, the system properties and
 * the environment.
 */
public final class OAuth2Config {
    private static final String PREFIX = "mail.oauth2.";
    private static final Pattern PROTOCOL_KEY = Pattern.compile("mail\\.[A-Za-z0-9]+\\.oauth2\\.(.+)");

    private final String protocol;
    private final Map<String, ?> session;
    private final Properties system;
    private final Map<String, String> environment;

    OAuth2Config(String protocol, Map<String, ?> session, Properties system, Map<String, String> environment) {
        this.protocol = protocol;
        this.session = session == null ? Map.of() : session;
        this.system = system;
        this.environment = environment;
    }

    /**
     * The configuration for {@code protocol} from a JavaMail session's properties, the system
     * properties and the environment.
     *
     * @param protocol the JavaMail protocol whose {@code mail.<protocol>.oauth2.*} keys come first
     * @param sessionProperties the session's properties (a {@code Properties}' defaults are read
     *        too), or {@code null} for none
     * @return the configuration
     */
    public static OAuth2Config of(String protocol, Map<String, ?> sessionProperties) {
        return new OAuth2Config(protocol, sessionProperties, System.getProperties(), System.getenv());
    }

    /**
     * The protocol this configuration was made for.
     *
     * @return the JavaMail protocol: {@code imap}, {@code imaps}, {@code smtp}, {@code smtps},
     *         {@code pop3} or {@code pop3s}
     */
    public String protocol() {
        return protocol;
    }

    /**
     * Looks {@code key} up in the order {@link OAuth2Properties} describes; the first place that
     * sets it wins.
     *
     * @param key the key without prefix, e.g. {@link OAuth2Properties#CLIENT_ID}
     * @return the value with surrounding white space removed, or empty if unset everywhere or blank
     */
    public Optional<String> get(String key) {
        String value = sessionValue("mail." + protocol + ".oauth2." + key);
        if (value == null) {
            value = sessionValue(PREFIX + key);
        }
        if (value == null) {
            value = system.getProperty(PREFIX + key);
        }
        if (value == null) {
            value = environment.get(environmentName(key));
        }
        return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
    }

    /**
     * Like {@link #get}, for a key the caller cannot do without.
     *
     * @param key the key without prefix
     * @param why what the key is needed for and how to set it, appended to the message
     * @return the value, trimmed and not blank
     * @throws ConfigurationException if the key is unset; the message names every place it was
     *         looked for, then {@code why}
     */
    public String require(String key, String why) throws ConfigurationException {
        return get(key).orElseThrow(() -> new ConfigurationException(where(key) + " is not set; " + why));
    }

    /**
     * A duration given as a whole number of seconds, such as {@link OAuth2Properties#TIMEOUT}.
     *
     * @param key the key without prefix
     * @param defaultValue what to return when the key is unset
     * @return the duration, or {@code defaultValue}
     * @throws ConfigurationException if the value is not a whole number at least zero; the message
     *         names the key and the value
     */
    public Duration seconds(String key, Duration defaultValue) throws ConfigurationException {
        Optional<String> value = get(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            long seconds = Long.parseLong(value.get());
            if (seconds >= 0) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigurationException(where(key) + " must be a whole number of seconds, not \"" + value.get() + "\"");
    }

    /**
     * The places {@code key} is read from, for error messages: the session's protocol key, its
     * general key, the system property and the environment variable.
     *
     * @param key the key without prefix
     * @return e.g. {@code mail.imaps.oauth2.scope (or mail.oauth2.scope, -Dmail.oauth2.scope, $MAIL_OAUTH2_SCOPE)}
     */
    public String where(String key) {
        return "mail." + protocol + ".oauth2." + key + " (or mail.oauth2." + key + ", -Dmail.oauth2." + key
                + ", $" + environmentName(key) + ")";
    }

    /**
     * Every key set under an {@code oauth2} prefix in the session or the system properties, with the
     * full name it was found under, for the misspelling check: {@code mail.oauth2.*} and
     * {@code mail.<any protocol>.oauth2.*}, so that a misspelled SMTP key is reported on an IMAP
     * connect too. Values are not exposed. The environment is not included.
     *
     * @return full names (e.g. {@code mail.imaps.oauth2.client-id} or {@code -Dmail.oauth2.scope})
     *         by key without prefix, sorted by key; a protocol's own key wins over {@code mail.oauth2.*}
     */
    public Map<String, String> keysSet() {
        Map<String, String> keys = new TreeMap<>();
        String ownPrefix = "mail." + protocol + ".oauth2.";
        for (Object key : session.keySet()) {
            String name = String.valueOf(key);
            Matcher m = PROTOCOL_KEY.matcher(name);
            if (name.startsWith(PREFIX)) {
                keys.putIfAbsent(name.substring(PREFIX.length()), name);
            } else if (m.matches()) {
                // this protocol's own spelling wins the entry, so messages name the key that was read
                if (name.startsWith(ownPrefix) || !keys.containsKey(m.group(1))) {
                    keys.put(m.group(1), name);
                }
            }
        }
        for (String name : system.stringPropertyNames()) {
            if (name.startsWith(PREFIX)) {
                keys.putIfAbsent(name.substring(PREFIX.length()), "-D" + name);
            }
        }
        return keys;
    }

    private String sessionValue(String name) {
        Object value = session.get(name);
        if (value == null && (Object) session instanceof Properties props) {
            value = props.getProperty(name); // includes the Properties' defaults
        }
        return value == null ? null : value.toString();
    }

    static String environmentName(String key) {
        return "MAIL_OAUTH2_" + key.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }
}
