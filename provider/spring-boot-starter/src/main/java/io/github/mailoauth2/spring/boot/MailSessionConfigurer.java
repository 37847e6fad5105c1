package io.github.mailoauth2.spring.boot;

import io.github.mailoauth2.token.TokenSource;
import java.util.Collection;
import java.util.Properties;
import java.util.regex.Pattern;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * What the mail beans' post-processors share: the {@code mail.oauth2.*} settings and the SASL keys put into one mail
 * session's properties, whichever bean (a sender, a Spring Integration receiver) holds them.
 */
abstract class MailSessionConfigurer implements EnvironmentAware, BeanFactoryAware {
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

    /**
     * Adds the settings to {@code session} (the application's own keys win) and, where mail-oauth2 is configured, the
     * SASL keys of each of {@code protocols}.
     *
     * @param where where the application set {@code session}'s keys, for messages
     *
     * @return whether mail-oauth2 is configured for this session
     * @throws IllegalStateException if the session's keys contradict an OAuth2 login
     */
    boolean prepare(Properties session, Collection<String> protocols, String where) {
        MailOAuth2Properties settings = Binder.get(environment).bind("mail", MailOAuth2Properties.class).orElseGet(MailOAuth2Properties::new);
        settings.sessionProperties().forEach(session::putIfAbsent);
        String[] sourceBeans = beans.getBeanNamesForType(TokenSource.class, false, false);
        if (sourceBeans.length == 1 && !environment.containsProperty("mail.oauth2.source")) {
            session.putIfAbsent("mail.oauth2.source", sourceBeans[0]);
        }
        if (!configured(session)) {
            return false;
        }
        for (String protocol : protocols) {
            SaslKeys.apply(protocol, session, where);
        }
        return true;
    }

    /** The name of the token source that {@code protocol}'s logins of {@code session} use, if set. */
    String source(Properties session, String protocol) {
        return session.getProperty("mail." + protocol + ".oauth2.source",
                session.getProperty("mail.oauth2.source", environment.getProperty("mail.oauth2.source")));
    }

    /** Whether mail-oauth2 is configured: settings in the session, or a token source in system properties or the environment. */
    private boolean configured(Properties session) {
        return session.stringPropertyNames().stream().anyMatch(key -> OAUTH2_KEY.matcher(key).matches())
                || environment.containsProperty("mail.oauth2.source") || environment.containsProperty("mail.oauth2.provider");
    }
}
