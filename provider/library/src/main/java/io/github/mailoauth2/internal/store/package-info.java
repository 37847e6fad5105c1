/**
 * The default file token store (format, locking, owner-only files, default path) and the lookup
 * of the store that {@code mail.oauth2.store} names.
 *
 * <p>Not API: may change in any release; applications and plug-ins must not use it.
 */
package io.github.mailoauth2.internal.store;
