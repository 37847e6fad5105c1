package io.github.mailoauth2.internal.runtime;

import io.github.mailoauth2.internal.sources.TokenSourceRegistry;
import io.github.mailoauth2.token.TokenSource;
import java.io.IOException;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The token source of each JavaMail session, found once: {@link TokenSourceRegistry#forConnection} reads the
 * configuration, checks its spelling and digests every key, which a session's second and later logins need not
 * repeat. Keyed by the identity of the session's properties object (what the adapters and JavaMail's SASL calls
 * pass) and the protocol, held weakly, so that a session the application dropped can be collected.
 *
 * <p>A session whose properties change after its first login (an entry added or changed) is looked up afresh:
 * the entry keeps the properties' hash code, which is cheap next to a lookup (the strings' hashes are cached).
 * System properties and the environment, which the configuration also reads, are taken as they were at the
 * session's first login; a new session sees them anew.
 */
final class SessionSources {
    /** The lookup that reads the configuration: {@link TokenSourceRegistry#forConnection}. */
    interface Lookup {
        TokenSource find(String protocol, Map<String, ?> properties) throws IOException;
    }

    private final Lookup lookup;
    private final Map<Key, Found> found = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();

    SessionSources(Lookup lookup) {
        this.lookup = lookup;
    }

    TokenSource find(String protocol, Map<String, ?> properties) throws IOException {
        if (properties == null) {
            return lookup.find(protocol, null);
        }
        dropCollected();
        int hash = properties.hashCode();
        Key key = new Key(properties, protocol, null);
        Found known = found.get(key);
        if (known != null && known.hash == hash) {
            return known.source;
        }
        TokenSource source = lookup.find(protocol, properties);
        found.put(new Key(properties, protocol, collected), new Found(hash, source));
        return source;
    }

    private void dropCollected() {
        for (Object gone; (gone = collected.poll()) != null; ) {
            found.remove(gone);
        }
    }

    private record Found(int hash, TokenSource source) {
    }

    /** A weak reference to a properties object, equal to another for the same object and protocol. */
    private static final class Key extends WeakReference<Object> {
        private final String protocol;
        private final int hash;

        Key(Object properties, String protocol, ReferenceQueue<Object> queue) {
            super(properties, queue);
            this.protocol = protocol;
            this.hash = System.identityHashCode(properties) * 31 + protocol.hashCode();
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (this == other) {
                return true;
            }
            if (!(other instanceof Key key)) {
                return false;
            }
            Object referent = get();
            return referent != null && referent == key.get() && protocol.equals(key.protocol);
        }
    }
}
