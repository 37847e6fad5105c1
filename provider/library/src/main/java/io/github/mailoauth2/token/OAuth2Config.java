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
     */
    public static OAuth2Config of(String protocol, Map<String, ?> sessionProperties) {
        return new OAuth2Config(protocol, sessionProperties, System.getProperties(), System.getenv());
    }

    /** The JavaMail protocol: {@code imap}, {@code imaps}, {@code smtp}, {@code smtps}, {@code pop3} or {@code pop3s}. */
    public String protocol() {
        return protocol;
    }

    /** The value of {@code key}, trimmed, if set anywhere; blank counts as unset. */
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

    /** The value of {@code key}, or an error that names every place it was looked for. */
    public String require(String key, String why) throws ConfigurationException {
        return get(key).orElseThrow(() -> new ConfigurationException(where(key) + " is not set; " + why));
    }

    /** A whole number of seconds, at least zero. */
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

    /** Human-readable list of the places {@code key} is read from, for error messages. */
    public String where(String key) {
        return "mail." + protocol + ".oauth2." + key + " (or mail.oauth2." + key + ", -Dmail.oauth2." + key
                + ", $" + environmentName(key) + ")";
    }

    /**
     * Every key set under an {@code oauth2} prefix in the session or the system properties, with the
     * full name it was found under, for the misspelling check: {@code mail.oauth2.*} and
     * {@code mail.<any protocol>.oauth2.*}, so that a misspelled SMTP key is reported on an IMAP
     * connect too. Values are not exposed.
     *
     * @return the keys without their prefix, each with the full name it was set under
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
