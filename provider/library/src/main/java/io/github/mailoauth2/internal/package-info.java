/**
 * Helpers that several internal packages share: cleaning server text for messages, the
 * {@code allow-plaintext} policy, a token with whether it came from a cache ({@link io.github.mailoauth2.internal.IssuedToken}).
 *
 * <p>Not API: may change in any release; applications and plug-ins must not use it.
 */
package io.github.mailoauth2.internal;
