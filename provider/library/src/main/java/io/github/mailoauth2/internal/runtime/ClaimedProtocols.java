package io.github.mailoauth2.internal.runtime;

import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which JavaMail protocols mail-oauth2's adapters took over. A login through one of them runs inside a login
 * attempt of the adapter; a token sent for a claimed protocol outside of one means that JavaMail chose its own
 * store or transport (its jar came first on the class path), and the server's reason for a rejected token cannot
 * reach the application: that is said once, with the fix.
 */
public final class ClaimedProtocols {
    private static final System.Logger LOG = System.getLogger(ClaimedProtocols.class.getName());
    private final Map<String, String> claimed = new ConcurrentHashMap<>();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    ClaimedProtocols() {
    }

    /** An adapter class now serves {@code protocol}. */
    public void claimed(String protocol, String adapterClass) {
        claimed.putIfAbsent(protocol, adapterClass);
    }

    /** Called when a token goes out with no adapter's login attempt on this thread. */
    public void loginWithoutAdapter(String protocol) {
        String adapter = claimed.get(protocol);
        if (adapter != null && warned.add(protocol)) {
            LOG.log(Level.WARNING, "mail-oauth2: this " + protocol + " login goes through the JavaMail jar's own "
                    + "classes, not mail-oauth2's " + adapter + ", because that jar comes first on the class path."
                    + " Logins work, but a server's reason for rejecting a token is not reported. Put the mail-oauth2"
                    + " jar before the JavaMail jar, or, where the order is not yours to choose (a container's lib"
                    + " directory), set the session property mail." + protocol + ".class=" + adapter
                    + " (in a JNDI mail <Resource>, an attribute)");
        }
    }
}
