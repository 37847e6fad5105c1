package io.github.mailoauth2.internal.sasl;

import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which JavaMail protocols mail-oauth2's adapters took over in this JVM. A login through one of
 * them runs inside a {@link LoginAttempt}; a token sent for a claimed protocol outside of one means
 * that JavaMail chose its own store or transport (its jar came first on the class path), and the
 * server's reason for a rejected token cannot reach the application: that is said once, with the fix.
 */
public final class JavaMailAdapters {
    private static final System.Logger LOG = System.getLogger(JavaMailAdapters.class.getName());
    private static final Map<String, String> CLAIMED = new ConcurrentHashMap<>();
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private JavaMailAdapters() {
    }

    /** An adapter class now serves {@code protocol}. */
    public static void claimed(String protocol, String adapterClass) {
        CLAIMED.putIfAbsent(protocol, adapterClass);
    }

    /** Called when a token goes out with no {@link LoginAttempt} on this thread. */
    static void loginWithoutAdapter(String protocol) {
        String adapter = CLAIMED.get(protocol);
        if (adapter != null && WARNED.add(protocol)) {
            LOG.log(Level.WARNING, "mail-oauth2: this " + protocol + " login goes through the JavaMail jar's own "
                    + "classes, not mail-oauth2's " + adapter + ", because that jar comes first on the class path."
                    + " Logins work, but a server's reason for rejecting a token is not reported. Put the mail-oauth2"
                    + " jar before the JavaMail jar, or, where the order is not yours to choose (a container's lib"
                    + " directory), set the session property mail." + protocol + ".class=" + adapter
                    + " (in a JNDI mail <Resource>, an attribute)");
        }
    }
}
