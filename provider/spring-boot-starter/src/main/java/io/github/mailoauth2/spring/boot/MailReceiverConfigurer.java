package io.github.mailoauth2.spring.boot;

import jakarta.mail.Authenticator;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.springframework.beans.DirectFieldAccessor;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Gives every Spring Integration mail receiver ({@code ImapMailReceiver}, {@code Pop3MailReceiver}, and so the
 * inbound channel adapters built on them) what {@link MailSenderConfigurer} gives a sender: the settings and the SASL
 * keys of its protocol in its JavaMail properties (or its own {@code Session}'s), and the dummy password where its
 * URL has none. A real password in its URL beside a token source stops the start-up.
 *
 * <p>The receiver keeps URL, protocol, session and authenticator in fields without public getters, the same in
 * Spring Integration 6.5 (Boot 3.5) and 7.0 (Boot 4.0; the classes moved to {@code mail.inbound}); they are read by
 * name, so that one jar serves both without compiling against either.
 */
final class MailReceiverConfigurer extends MailSessionConfigurer implements BeanPostProcessor {
    private static final Set<String> RECEIVERS = Set.of("org.springframework.integration.mail.inbound.AbstractMailReceiver",
            "org.springframework.integration.mail.AbstractMailReceiver");

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (isReceiver(bean.getClass())) {
            configure(new DirectFieldAccessor(bean), beanName);
        }
        return bean;
    }

    private static boolean isReceiver(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (RECEIVERS.contains(c.getName())) {
                return true;
            }
        }
        return false;
    }

    private void configure(DirectFieldAccessor receiver, String beanName) {
        URLName url = (URLName) receiver.getPropertyValue("url");
        String protocol = url != null && url.getProtocol() != null ? url.getProtocol() : (String) receiver.getPropertyValue("protocol");
        Session session = (Session) receiver.getPropertyValue("session");
        Properties properties = session != null ? session.getProperties() : (Properties) receiver.getPropertyValue("javaMailProperties");
        if (properties == null) {
            properties = new Properties();
            receiver.setPropertyValue("javaMailProperties", properties);
        }
        if (protocol == null || !prepare(properties, List.of(protocol), "the JavaMail properties of " + beanName)) {
            return;
        }
        String inUrl = url == null ? null : url.getPassword();
        String password = SaslKeys.password(inUrl, source(properties, protocol), "the password in the URL of " + beanName,
                "the password from " + beanName + "'s URL (" + protocol + "://user@host/INBOX)");
        // JavaMail asks the authenticator only for a password the URL lacks; an application's own Session has its own
        if (!password.equals(inUrl) && session == null && receiver.getPropertyValue("javaMailAuthenticator") == null) {
            receiver.setPropertyValue("javaMailAuthenticator", new DummyPassword());
        }
    }

    /** Answers JavaMail's question for a password with the dummy: the token source supplies the token. */
    private static final class DummyPassword extends Authenticator {
        @Override
        protected PasswordAuthentication getPasswordAuthentication() {
            return new PasswordAuthentication(getDefaultUserName(), SaslKeys.DUMMY_PASSWORD);
        }
    }
}
