package io.github.mailoauth2.spring.boot;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code mail.oauth2.*} settings of {@code application.yml}, with the library's key names
 * ({@link io.github.mailoauth2.token.OAuth2Properties}), and their per-protocol overrides
 * {@code mail.<protocol>.oauth2.*}. They go into the session properties of each configured
 * {@code JavaMailSenderImpl}, where the library reads them; keys set under {@code spring.mail.properties} win.
 */
@ConfigurationProperties(prefix = "mail")
public class MailOAuth2Properties {
    private final Map<String, String> oauth2 = new LinkedHashMap<>();
    private final Protocol smtp = new Protocol();
    private final Protocol smtps = new Protocol();
    private final Protocol imap = new Protocol();
    private final Protocol imaps = new Protocol();
    private final Protocol pop3 = new Protocol();
    private final Protocol pop3s = new Protocol();

    /** Creates empty settings (Spring binds them). */
    public MailOAuth2Properties() {
    }

    /**
     * The settings for every protocol.
     *
     * @return {@code mail.oauth2.*} by key, e.g. {@code client-id}
     */
    public Map<String, String> getOauth2() {
        return oauth2;
    }

    /**
     * SMTP's overrides.
     *
     * @return {@code mail.smtp.oauth2.*}
     */
    public Protocol getSmtp() {
        return smtp;
    }

    /**
     * SMTPS's overrides.
     *
     * @return {@code mail.smtps.oauth2.*}
     */
    public Protocol getSmtps() {
        return smtps;
    }

    /**
     * IMAP's overrides.
     *
     * @return {@code mail.imap.oauth2.*}
     */
    public Protocol getImap() {
        return imap;
    }

    /**
     * IMAPS's overrides.
     *
     * @return {@code mail.imaps.oauth2.*}
     */
    public Protocol getImaps() {
        return imaps;
    }

    /**
     * POP3's overrides.
     *
     * @return {@code mail.pop3.oauth2.*}
     */
    public Protocol getPop3() {
        return pop3;
    }

    /**
     * POP3S's overrides.
     *
     * @return {@code mail.pop3s.oauth2.*}
     */
    public Protocol getPop3s() {
        return pop3s;
    }

    /** One protocol's overrides. */
    public static class Protocol {
        private final Map<String, String> oauth2 = new LinkedHashMap<>();

        /** Creates empty overrides (Spring binds them). */
        public Protocol() {
        }

        /**
         * The overrides.
         *
         * @return {@code mail.<protocol>.oauth2.*} by key
         */
        public Map<String, String> getOauth2() {
            return oauth2;
        }
    }

    /**
     * The settings as JavaMail session properties: {@code mail.oauth2.K} and {@code mail.<protocol>.oauth2.K}.
     * Keys with a dot are left out: the starter's own ({@code metrics.*}) and those Spring derives from
     * environment variables ({@code MAIL_OAUTH2_CLIENT_SECRET} as {@code client.secret}), which the library
     * reads from the environment itself.
     */
    Map<String, String> sessionProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        put(properties, "mail.oauth2.", oauth2);
        Map<String, Protocol> byName = Map.of("smtp", smtp, "smtps", smtps, "imap", imap, "imaps", imaps, "pop3", pop3, "pop3s", pop3s);
        byName.forEach((name, protocol) -> put(properties, "mail." + name + ".oauth2.", protocol.oauth2));
        return properties;
    }

    private static void put(Map<String, String> properties, String prefix, Map<String, String> settings) {
        settings.forEach((key, value) -> {
            if (!key.contains(".") && value != null) {
                properties.put(prefix + key, value);
            }
        });
    }
}
