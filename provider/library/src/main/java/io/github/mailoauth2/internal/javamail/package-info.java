/**
 * What the JavaMail adapters of every implementation share: whether an adapter may claim a
 * protocol, and the automatic installation of the SASL provider.
 *
 * <p>Not API: may change in any release; applications and plug-ins must not use it.
 */
package io.github.mailoauth2.internal.javamail;
