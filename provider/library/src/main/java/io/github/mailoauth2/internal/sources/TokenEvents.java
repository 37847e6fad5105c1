package io.github.mailoauth2.internal.sources;

import io.github.mailoauth2.token.TokenEvent;
import io.github.mailoauth2.token.TokenEventListener;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The listeners of one registry: those {@code ServiceLoader} found and those added in code. */
final class TokenEvents {
    private static final System.Logger LOG = System.getLogger(TokenEvents.class.getName());

    private final List<TokenEventListener> listeners = new CopyOnWriteArrayList<>();

    /** Where a token source reports its events. */
    @FunctionalInterface
    interface Sink {
        Sink NONE = (type, account, time, detail, expiresAt) -> { };

        void emit(TokenEvent.Type type, String account, Instant time, String detail, Instant expiresAt);
    }

    TokenEvents(Iterable<TokenEventListener> found) {
        found.forEach(listeners::add);
    }

    void add(TokenEventListener listener) {
        listeners.add(listener);
    }

    void remove(TokenEventListener listener) {
        listeners.remove(listener);
    }

    /** The sink of source {@code source}: events stamped with its name. */
    Sink sink(String source) {
        return (type, account, time, detail, expiresAt) -> {
            if (listeners.isEmpty()) {
                return;
            }
            TokenEvent event = new TokenEvent(type, account, source, time, detail, expiresAt);
            for (TokenEventListener listener : listeners) {
                try {
                    listener.onEvent(event);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "the token event listener " + listener.getClass().getName() + " failed on "
                            + type + " of " + account + ": " + e);
                }
            }
        };
    }
}
