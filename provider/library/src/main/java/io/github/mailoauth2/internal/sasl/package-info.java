/**
 * The SASL provider and its installation, its client factory and the XOAUTH2 and OAUTHBEARER clients, the TLS rule, with the
 * per-thread login attempt that carries a rejected token's reason to the JavaMail adapters.
 *
 * <p>Not API: may change in any release; applications and plug-ins must not use it.
 */
package io.github.mailoauth2.internal.sasl;
