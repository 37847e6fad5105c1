package io.github.mailoauth2.internal.agent;

import io.github.mailoauth2.internal.sasl.ProviderInstallation;
import java.lang.instrument.Instrumentation;

/**
 * {@code java -javaagent:mail-oauth2.jar -jar app.jar}: installs the SASL provider before the
 * application starts, whatever mail library it uses. Transforms no classes.
 */
public final class MailOAuth2Agent {
    private MailOAuth2Agent() {
    }

    /** Called by the JVM for {@code -javaagent:}. */
    public static void premain(String args, Instrumentation instrumentation) {
        ProviderInstallation.install();
    }

    /** Called by the JVM when the agent is attached to a running application. */
    public static void agentmain(String args, Instrumentation instrumentation) {
        ProviderInstallation.install();
    }
}
