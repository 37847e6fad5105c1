package io.github.mailoauth2.token;

/**
 * Receives {@link TokenEvent}s: per account, a token refreshed, a refresh that failed (transient or
 * permanent), a re-authorization needed, a token a mail server rejected; and, if it overrides
 * {@link #onLogin}, a {@link LoginEvent} for each login with a bearer token. Register one with
 * {@code MailOAuth2.addTokenEventListener}, or list its class in
 * {@code META-INF/services/io.github.mailoauth2.token.TokenEventListener} (it then needs a public
 * no-argument constructor).
 *
 * <p>Events are delivered on the thread that saw them (a connect, or a background refresh), one at a
 * time per listener call: return quickly and never block. An exception a listener throws is logged and
 * otherwise ignored; it never fails a connect.
 */
@FunctionalInterface
public interface TokenEventListener {

    /**
     * One event.
     *
     * @param event what happened
     */
    void onEvent(TokenEvent event);

    /**
     * One login with a bearer token ended: succeeded, rejected by the server, or failed. The default ignores it.
     *
     * @param event how it ended
     */
    default void onLogin(LoginEvent event) {
    }
}
