package io.github.mailoauth2.internal.javamail;

import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one WARNING for an application whose JavaMail mail-oauth2 sees but has no adapters for on the
 * class path (the library without the adapter jar for that JavaMail): its logins would go through
 * JavaMail's own classes, which send the connect password as the token with
 * {@code auth.mechanisms=XOAUTH2} and report a rejected token as a bare "failed to connect".
 */
final class MissingAdapters {
    private static final System.Logger LOG = System.getLogger(MissingAdapters.class.getName());
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private MissingAdapters() {
    }

    /**
     * Warns once if {@code javaMailClass} (a class only that JavaMail has) loads with {@code loader} and
     * {@code adapterClass} (our adapter for it) does not.
     *
     * @param artifact the jar with the adapters, e.g. {@code mail-oauth2-javax}
     * @param javaMail the JavaMail in words, for the message
     */
    static void check(ClassLoader loader, String javaMailClass, String adapterClass, String artifact, String javaMail) {
        if (!loads(loader, javaMailClass) || loads(loader, adapterClass) || !WARNED.add(artifact)) {
            return;
        }
        LOG.log(Level.WARNING, "mail-oauth2: this application's JavaMail is " + javaMail + ", whose adapters are in "
                + artifact + " (io.github.mailoauth2:" + artifact + "), which is not on the class path: add it next to"
                + " mail-oauth2, or use the drop-in jar mail-oauth2-plugin. Until then mail-oauth2 takes no part in"
                + " this JavaMail's logins (see docs/troubleshooting.md, \"failed to connect\")");
    }

    private static boolean loads(ClassLoader loader, String name) {
        try {
            Class.forName(name, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
