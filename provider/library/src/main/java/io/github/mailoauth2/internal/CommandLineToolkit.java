package io.github.mailoauth2.internal;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the internal classes that make up the command line's toolkit: opening the configured token store,
 * running an authorization (browser with PKCE, device flow), refreshing one stored account, and the few
 * helpers its commands print with. The command line ({@code mail-oauth2-cli}) may use these and no other
 * internal class; {@code CliUsesOnlyTheToolkitTest} there keeps it so.
 *
 * <p>Still not API: what is marked may change in any release, together with the command line that ships
 * with it; applications and plug-ins must not use it. Why a toolkit and not public API:
 * {@code docs/how-it-works.md}, "The command line's toolkit".
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface CommandLineToolkit {
}
