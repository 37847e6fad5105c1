package io.github.mailoauth2;

import io.github.mailoauth2.token.TokenEvent;
import io.github.mailoauth2.token.TokenEventListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A listener registered through {@code META-INF/services}: what every registry of this test JVM reports. */
public final class RecordingEventListener implements TokenEventListener {
    static final List<TokenEvent> EVENTS = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(TokenEvent event) {
        EVENTS.add(event);
    }
}
