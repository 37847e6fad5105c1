/**
 * The JavaMail adapters: providers, stores and transports that extend the mail implementation's own
 * to report why a token was rejected, and to send a fresh token on every POP3 connection. Written
 * against Angus Mail 2; the adapters for the other JavaMail implementations are built from this
 * source with the package names replaced.
 *
 * <p>Not API: may change in any release; applications and plug-ins must not use it.
 */
package io.github.mailoauth2.internal.angus;
