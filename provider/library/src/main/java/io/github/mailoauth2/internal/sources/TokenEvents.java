package io.github.mailoauth2.internal.sources;

import io.github.mailoauth2.token.LoginEvent;
import io.github.mailoauth2.token.TokenEvent;
import io.github.mailoauth2.token.TokenEventListener;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The listeners of one registry: those {@code ServiceLoader} found and those added in code. */
final class TokenEvents {
    private static final System.Logger LOG = System.getLogger(TokenEvents.class.getName());

    private final List<TokenEventListener> listeners = new CopyOnWriteArrayList<>();

    /** Where a token source reports its events. */
    @FunctionalInterface
    interface Sink {
        Sink NONE = (type, account, time, detail, expiresAt, elapsed) -> { };

        void emit(TokenEvent.Type type, String account, Instant time, String detail, Instant expiresAt, Duration elapsed);
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
        return (type, account, time, detail, expiresAt, elapsed) -> {
            if (!listeners.isEmpty()) {
                TokenEvent event = new TokenEvent(type, account, source, time, detail, expiresAt, elapsed);
                deliver(listener -> listener.onEvent(event), type + " of " + account);
            }
        };
    }

    /** Hands every listener a login's outcome. */
    void login(LoginEvent event) {
        deliver(listener -> listener.onLogin(event), "a " + event.protocol() + " login's " + event.outcome());
    }

    private void deliver(Consumer<TokenEventListener> call, String what) {
        for (TokenEventListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "the token event listener " + listener.getClass().getName() + " failed on "
                        + what + ": " + e);
            }
        }
    }
}
