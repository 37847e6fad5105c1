/**
 * The built-in token sources ({@code static}, {@code refresh-token}, {@code client-credentials},
 * {@code command}), the registry that shares them, their per-account cache with refresh ahead of
 * expiry, and the token endpoint client.
 *
 * <p>Not API: may change in any release; applications and plug-ins must not use it.
 */
package io.github.mailoauth2.internal.sources;
