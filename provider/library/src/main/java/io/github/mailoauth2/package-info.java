/**
 * Registers mail-oauth2 with the JVM and gives applications its token sources.
 *
 * <p>Most applications need nothing from this package: with the jar on the class path, creating a
 * JavaMail {@code Session} installs the SASL provider, and {@code mail.oauth2.*} session properties
 * choose where tokens come from. {@link io.github.mailoauth2.MailOAuth2} is the one class here:
 * {@link io.github.mailoauth2.MailOAuth2#install() install()} for those who register in code,
 * {@link io.github.mailoauth2.MailOAuth2#tokenSource tokenSource} for applications that send
 * tokens themselves, and {@link io.github.mailoauth2.MailOAuth2#shutdown() shutdown()} for a web
 * application that is undeployed from a running server, so that none of its classes stays reachable:
 * <pre>{@code
 * @WebListener
 * public class MailOAuth2Cleanup implements ServletContextListener {
 *     @Override
 *     public void contextDestroyed(ServletContextEvent event) {
 *         MailOAuth2.shutdown();
 *     }
 * }
 * }</pre>
 *
 * <p>The token sources and their configuration are in {@link io.github.mailoauth2.token}, the token
 * stores in {@link io.github.mailoauth2.store}. Packages under {@code io.github.mailoauth2.internal}
 * are not API.
 */
package io.github.mailoauth2;
