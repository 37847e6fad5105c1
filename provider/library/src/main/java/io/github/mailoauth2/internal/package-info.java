/**
 * Helpers that several internal packages share: cleaning server text for messages, the
 * {@code allow-plaintext} policy.
 *
 * <p>Not API: may change in any release; applications and plug-ins must not use it.
 */
package io.github.mailoauth2.internal;
