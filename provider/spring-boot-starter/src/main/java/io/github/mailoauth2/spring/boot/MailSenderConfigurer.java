package io.github.mailoauth2.spring.boot;

import io.github.mailoauth2.MailOAuth2;
import io.github.mailoauth2.token.TokenSource;
import java.util.LinkedHashSet;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
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
final class MailSenderConfigurer implements DestructionAwareBeanPostProcessor, EnvironmentAware, BeanFactoryAware {
    private static final Pattern OAUTH2_KEY = Pattern.compile("mail\\.([a-z0-9]+\\.)?oauth2\\..+");
    private Environment environment;
    private ListableBeanFactory beans;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
        this.beans = (ListableBeanFactory) beanFactory;
    }

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
        MailOAuth2Properties settings = Binder.get(environment).bind("mail", MailOAuth2Properties.class).orElseGet(MailOAuth2Properties::new);
        Properties session = sender.getJavaMailProperties();
        settings.sessionProperties().forEach(session::putIfAbsent);
        String[] sourceBeans = beans.getBeanNamesForType(TokenSource.class, false, false);
        if (sourceBeans.length == 1 && !environment.containsProperty("mail.oauth2.source")) {
            session.putIfAbsent("mail.oauth2.source", sourceBeans[0]);
        }
        if (!configured(session)) {
            return;
        }
        Set<String> protocols = new LinkedHashSet<>();
        protocols.add(sender.getProtocol() == null ? "smtp" : sender.getProtocol());
        String store = session.getProperty("mail.store.protocol");
        if (store != null && store.startsWith("imap")) {
            protocols.add(store);
        }
        for (String protocol : protocols) {
            SaslKeys.apply(protocol, session);
        }
        String protocol = protocols.iterator().next();
        String source = session.getProperty("mail." + protocol + ".oauth2.source",
                session.getProperty("mail.oauth2.source", environment.getProperty("mail.oauth2.source")));
        sender.setPassword(SaslKeys.password(sender.getPassword(), source, beanName));
    }

    /** Whether mail-oauth2 is configured: settings in the session, or a token source in system properties or the environment. */
    private boolean configured(Properties session) {
        return session.stringPropertyNames().stream().anyMatch(key -> OAUTH2_KEY.matcher(key).matches())
                || environment.containsProperty("mail.oauth2.source") || environment.containsProperty("mail.oauth2.provider");
    }
}
