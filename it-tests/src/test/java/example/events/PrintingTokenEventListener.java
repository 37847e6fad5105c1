package example.events;

import io.github.mailoauth2.token.TokenEvent;
import io.github.mailoauth2.token.TokenEventListener;

/**
 * A token event listener as operations would write one, registered the {@code ServiceLoader} way only (a
 * {@code META-INF/services} file next to the application, no code in it): one line per event on standard output,
 * {@code EVENT <type> <account> source=<source> expiresAt=<instant> detail=<text>}.
 */
public final class PrintingTokenEventListener implements TokenEventListener {
    @Override
    public void onEvent(TokenEvent event) {
        System.out.println("EVENT " + event.type() + " " + event.account() + " source=" + event.source() + " expiresAt="
                + event.expiresAt() + " detail=" + (event.detail() == null ? "" : event.detail().replace('\n', ' ')));
    }
}
