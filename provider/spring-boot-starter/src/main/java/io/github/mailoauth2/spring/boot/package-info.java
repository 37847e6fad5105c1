/**
 * Spring Boot auto-configuration for mail-oauth2: the SASL keys and dummy password of every
 * {@code JavaMailSenderImpl} when {@code mail.oauth2.*} settings exist, the settings themselves
 * ({@link io.github.mailoauth2.spring.boot.MailOAuth2Properties}), an Actuator health indicator and
 * Micrometer metrics fed by the library's token events. {@code docs/spring-boot.md} describes it.
 */
package io.github.mailoauth2.spring.boot;
