package io.github.mailoauth2.spring.boot;

import io.github.mailoauth2.token.TokenSource;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

/**
 * mail-oauth2's auto-configuration for Spring Boot 3.5 and 4.0: configures each {@code JavaMailSenderImpl} (and each
 * Spring Integration mail receiver) for OAuth2 logins when {@code mail.oauth2.*} settings exist, and adds a health indicator ({@code mailOAuth2}) where Actuator is
 * present and token metrics where Micrometer is; with {@code mail.oauth2.spring-security.registration-id}, the token
 * source {@code spring-security} that takes mail tokens from Spring Security's OAuth2 client.
 */
@AutoConfiguration
@ConditionalOnClass(name = "org.springframework.mail.javamail.JavaMailSenderImpl")
@EnableConfigurationProperties(MailOAuth2Properties.class)
public class MailOAuth2AutoConfiguration {
    private static final String BOOT_4_HEALTH = "org.springframework.boot.health.contributor.HealthIndicator";

    /** Created by Spring Boot. */
    public MailOAuth2AutoConfiguration() {
    }

    /** Static: a post-processor must exist before the beans it processes. */
    @Bean
    static MailSenderConfigurer mailOAuth2MailSenderConfigurer() {
        return new MailSenderConfigurer();
    }

    /** Spring Integration's mail receivers, where the application has them. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.integration.mail.AbstractMailReceiver")
    static class SpringIntegrationMail {
        @Bean
        static MailReceiverConfigurer mailOAuth2MailReceiverConfigurer() {
            return new MailReceiverConfigurer();
        }
    }

    @Bean
    TokenHealth mailOAuth2TokenHealth() {
        return new TokenHealth(Clock.systemUTC());
    }

    /** Boot 4.0: health contributors are in {@code spring-boot-health}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = BOOT_4_HEALTH)
    static class Boot4Health {
        @Bean
        Boot4HealthIndicator mailOAuth2HealthIndicator(TokenHealth tokens) {
            return new Boot4HealthIndicator(tokens);
        }
    }

    /** Boot 3.5: health contributors are in {@code spring-boot-actuator}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
    @ConditionalOnMissingClass(BOOT_4_HEALTH)
    static class Boot3Health {
        @Bean
        Boot3HealthIndicator mailOAuth2HealthIndicator(TokenHealth tokens) {
            return new Boot3HealthIndicator(tokens);
        }
    }

    /** Micrometer: Boot binds every {@code MeterBinder} bean to its registries. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
    static class Metrics {
        @Bean
        TokenMetrics mailOAuth2Metrics(Environment environment) {
            return new TokenMetrics(environment.getProperty("mail.oauth2.metrics.account-tag", Boolean.class, false), Clock.systemUTC());
        }
    }

    /**
     * The bridge to Spring Security: the application's {@code OAuth2AuthorizedClientManager}, or one over Boot's client
     * registrations and authorized-client service (client credentials, refresh tokens) in an application without one.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager")
    @ConditionalOnProperty("mail.oauth2.spring-security.registration-id")
    static class SpringSecurity {
        @Bean("spring-security")
        TokenSource mailOAuth2SpringSecurityTokenSource(ObjectProvider<OAuth2AuthorizedClientManager> managers,
                ObjectProvider<ClientRegistrationRepository> registrations, ObjectProvider<OAuth2AuthorizedClientService> clients,
                Environment environment) {
            OAuth2AuthorizedClientManager manager = managers.getIfAvailable(() -> {
                AuthorizedClientServiceOAuth2AuthorizedClientManager own = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
                        registrations.getObject(), clients.getObject());
                own.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder().clientCredentials().refreshToken().build());
                return own;
            });
            return new AuthorizedClientTokenSource(manager, environment.getRequiredProperty("mail.oauth2.spring-security.registration-id"));
        }
    }
}
