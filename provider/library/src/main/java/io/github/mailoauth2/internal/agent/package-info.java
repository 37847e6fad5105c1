/**
 * The {@code -javaagent:} entry point, which installs the SASL provider before the application starts.
 *
 * <p>Not API: may change in any release; applications and plug-ins must not use it.
 */
package io.github.mailoauth2.internal.agent;
