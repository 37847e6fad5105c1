package io.github.mailoauth2.internal.sasl;

import io.github.mailoauth2.internal.ServerText;
import io.github.mailoauth2.token.LoginEvent.Outcome;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one login with a bearer token, reported once to the login listeners: at once when no token could be
 * had or the server's failure report came, else when the adapter that ran the login saw it end ({@link #ended}). A
 * retried login makes a report of its own. Logins that go through JavaMail's own classes instead of the adapters
 * ({@link JavaMailAdapters#loginWithoutAdapter}) report their failures and rejections only: nothing there sees success.
 */
public final class LoginReport {
    /** Where reports go. */
    @FunctionalInterface
    public interface Sink {
        void login(String protocol, String mechanism, Outcome outcome, String account, Map<String, ?> props, String detail);
    }

    private static final System.Logger LOG = System.getLogger(LoginReport.class.getName());
    private static volatile Sink sink;

    private final String protocol;
    private final String mechanism;
    private final Map<String, ?> props;
    private String account;
    /** Kept only to clean it out of the server's text. */
    private String token;
    private boolean reported;

    /**
     * A login starting.
     *
     * @param protocol the JavaMail protocol
     * @param mechanism the mechanism
     * @param props the session's properties, which name the token source
     */
    public LoginReport(String protocol, String mechanism, Map<String, ?> props) {
        this.protocol = protocol;
        this.mechanism = mechanism;
        this.props = props;
    }

    /** Sends every later report to {@code to}; {@code null} drops them. */
    public static void deliverTo(Sink to) {
        sink = to;
    }

    /** The user name the login is for. */
    public void account(String user) {
        account = user;
    }

    /** The token went to the server. */
    public void tokenSent(String value) {
        token = value;
    }

    /** No token could be had, or the connection may not carry one. */
    public void failed(String why) {
        report(Outcome.FAILED, why);
    }

    /** The server refused the token, for the reason given. */
    public void rejected(String why) {
        report(Outcome.REJECTED, why);
    }

    /**
     * The login ended, if not reported already: it succeeded; or the server refused it without a failure report
     * ({@code refused}, e.g. a bare {@code NO} or {@code 535}); or it failed otherwise (the connection).
     *
     * @param serverSaid the server's or the mail library's words, or {@code null}
     */
    public void ended(boolean succeeded, boolean refused, String serverSaid) {
        if (succeeded) {
            report(Outcome.SUCCEEDED, null);
        } else {
            String said = serverSaid == null ? "no reason given" : ServerText.clean(serverSaid, token == null ? List.of() : List.of(token));
            report(refused ? Outcome.REJECTED : Outcome.FAILED, (refused ? "the server refused the login: " : "the login failed: ") + said);
        }
    }

    private synchronized void report(Outcome outcome, String detail) {
        if (reported) {
            return;
        }
        reported = true;
        token = null;
        Sink to = sink;
        if (to == null) {
            return;
        }
        try {
            to.login(protocol, mechanism, outcome, account, props, detail);
        } catch (RuntimeException e) {
            // the login's outcome stands, whatever the listeners do
            LOG.log(Level.WARNING, "reporting a " + protocol + " login's " + outcome + " failed: " + e);
        }
    }
}
