package io.github.mailoauth2.spring.boot;

import io.github.mailoauth2.MailOAuth2;
import io.github.mailoauth2.token.TokenSource;
import java.util.LinkedHashSet;
import java.util.Properties;
import java.util.Set;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Gives every {@link JavaMailSenderImpl} (Spring Boot's auto-configured one, or the application's own) what an OAuth2
 * login needs when mail-oauth2 settings exist: the {@code mail.oauth2.*} settings in its session properties, the SASL
 * keys of its protocol and of its {@code mail.store.protocol}, and the dummy password. A post-processor on
 * spring-context-support's class, which Boot 3.5 and 4.0 share, rather than on Boot's mail auto-configuration,
 * which moved between them.
 *
 * <p>It also hands the library each {@link TokenSource} bean under its bean name ({@link MailOAuth2#useTokenSource}),
 * as the bean is made, so that sessions select it with {@code mail.oauth2.source=<bean name>}; a session that names
 * no source gets the only {@code TokenSource} bean, if there is exactly one.
 */
final class MailSenderConfigurer extends MailSessionConfigurer implements DestructionAwareBeanPostProcessor {

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof TokenSource source) {
            MailOAuth2.useTokenSource(beanName, source);
        }
        return bean;
    }

    @Override
    public void postProcessBeforeDestruction(Object bean, String beanName) {
        if (bean instanceof TokenSource) {
            MailOAuth2.useTokenSource(beanName, null);
        }
    }

    @Override
    public boolean requiresDestruction(Object bean) {
        return bean instanceof TokenSource;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof JavaMailSenderImpl sender) {
            configure(sender, beanName);
        }
        return bean;
    }

    private void configure(JavaMailSenderImpl sender, String beanName) {
        Properties session = sender.getJavaMailProperties();
        Set<String> protocols = new LinkedHashSet<>();
        protocols.add(sender.getProtocol() == null ? "smtp" : sender.getProtocol());
        String store = session.getProperty("mail.store.protocol");
        if (store != null && store.startsWith("imap")) {
            protocols.add(store);
        }
        if (prepare(session, protocols, "spring.mail.properties")) {
            String source = source(session, protocols.iterator().next());
            sender.setPassword(SaslKeys.password(sender.getPassword(), source, "spring.mail.password (of " + beanName + ")",
                    "spring.mail.password"));
        }
    }
}
