/**
 * The library's state in one place: {@link io.github.mailoauth2.internal.runtime.LibraryRuntime} owns the token
 * sources (and their threads), the event listeners, the data sources registered by name, the protocols the
 * JavaMail adapters claimed, and each session's token-source lookups. Internal packages reach the state through it,
 * never through the public facade {@code io.github.mailoauth2.MailOAuth2}, which only delegates here.
 *
 * <p>Not API: may change in any release; applications and plug-ins must not use it.
 */
package io.github.mailoauth2.internal.runtime;
