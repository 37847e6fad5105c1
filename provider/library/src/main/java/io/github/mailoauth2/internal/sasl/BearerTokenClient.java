package io.github.mailoauth2.internal.sasl;

import io.github.mailoauth2.token.AccessToken;
import io.github.mailoauth2.token.TokenRejection;
import io.github.mailoauth2.token.TokenRequest;
import io.github.mailoauth2.token.TokenSource;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;

/**
 * The exchange both bearer-token mechanisms share: send the token in the first response, then,
 * if the server answers with a challenge instead of success, decode its failure report, answer
 * it as the mechanism requires and let the server fail the exchange.
 *
 * <p>The token is fetched inside the exchange, once, so each connection gets a current one.
 * The client stays incomplete after its first response: a client that called itself complete
 * would never be shown the server's failure report.
 */
abstract class BearerTokenClient implements SaslClient {
    private static final System.Logger LOG = System.getLogger(BearerTokenClient.class.getName());
    /** RFC 4954 section 4: an SMTP command line, CRLF included, is at most 512 octets. */
    static final int SMTP_MAX_LINE = 512;

    private enum State { INITIAL, TOKEN_SENT, FAILURE_ANSWERED, DISPOSED }

    private final String mechanism;
    private final String authorizationId;
    private final String protocol;
    private final String host;
    private final int port;
    private final Map<String, ?> props;
    private final TokenSourceLookup sources;
    private final CallbackHandler callbacks;
    private final LoginReport report;

    private State state = State.INITIAL;
    private TokenSource tokenSource;
    private TokenRequest request;
    private AccessToken token;
    private byte[] response;
    private SaslException failure;

    BearerTokenClient(String mechanism, String authorizationId, String protocol, String host,
                      Map<String, ?> props, TokenSourceLookup sources, CallbackHandler callbacks) {
        this.mechanism = mechanism;
        this.authorizationId = authorizationId;
        this.protocol = protocol;
        this.host = host;
        this.port = ServerPort.resolve(protocol, props);
        this.props = props;
        this.sources = sources;
        this.callbacks = callbacks;
        this.report = new LoginReport(protocol, mechanism, props);
        LoginAttempt.current().ifPresent(attempt -> attempt.report(report));
    }

    /** The mechanism's first message: the user and the bearer token, in its wire format. */
    abstract String initialResponse(String user, String host, int port, String token);

    /** What the mechanism sends after the server's failure report. */
    abstract byte[] failureAnswer();

    @Override
    public final String getMechanismName() {
        return mechanism;
    }

    /**
     * Yes, except on SMTP when {@code AUTH <mechanism> <response>} would not fit on one 512-octet
     * command line (long tokens such as Microsoft's JWTs): then the server asks with an empty
     * 334 challenge and the response goes on a line of its own. Deciding needs the token's
     * length, so on SMTP this is where the token is fetched.
     */
    @Override
    public boolean hasInitialResponse() {
        if (!protocol.startsWith("smtp")) {
            return true;
        }
        try {
            int base64Length = 4 * ((preparedResponse().length + 2) / 3);
            return ("AUTH " + mechanism + " ").length() + base64Length + 2 <= SMTP_MAX_LINE;
        } catch (SaslException e) {
            // evaluateChallenge will meet the same failure and report it
            return false;
        }
    }

    @Override
    public byte[] evaluateChallenge(byte[] challenge) throws SaslException {
        switch (state) {
            case INITIAL:
                if (challenge != null && challenge.length > 0) {
                    throw new SaslException(mechanism + ": the server sent a challenge before the client's first"
                            + " response (" + challenge.length + " bytes); " + mechanism + " servers send an empty one");
                }
                byte[] first = preparedResponse();
                state = State.TOKEN_SENT;
                TokenSource source = tokenSource;
                TokenRequest sentFor = request;
                AccessToken sent = token;
                report.tokenSent(sent.value());
                LoginAttempt.current().ifPresent(attempt -> attempt.tokenSent(serverSaid ->
                        source.rejected(sentFor, sent, new TokenRejection(mechanism, serverSaid, null, null, null))));
                if (LoginAttempt.current().isEmpty()) {
                    JavaMailAdapters.loginWithoutAdapter(protocol);
                }
                LOG.log(Level.DEBUG, () -> mechanism + ": sent " + request.user() + "'s access token to "
                        + protocol + " server " + host + ":" + port + " (client " + getClass().getName() + ")");
                return first;
            case TOKEN_SENT:
                TokenRejection rejection = FailureChallenge.parse(mechanism, challenge == null ? new byte[0] : challenge,
                        List.of(token.value()));
                state = State.FAILURE_ANSWERED;
                LOG.log(Level.INFO, () -> protocol + " server " + host + " refused the login of " + request.user()
                        + ". " + rejection.describe());
                LoginAttempt.current().ifPresent(attempt -> attempt.reject(rejection));
                report.rejected(rejection.describe());
                tokenSource.rejected(request, token, rejection);
                return failureAnswer();
            case FAILURE_ANSWERED:
                throw new SaslException(mechanism + ": the server sent another challenge after its failure report;"
                        + " the exchange is over");
            default:
                throw new IllegalStateException(mechanism + ": the client has been disposed");
        }
    }

    /** Fetches the token and encodes the first response, once per exchange, failure included. */
    private byte[] preparedResponse() throws SaslException {
        if (failure != null) {
            throw failure;
        }
        if (response == null) {
            if (state == State.DISPOSED) {
                throw new IllegalStateException(mechanism + ": the client has been disposed");
            }
            char[] password = null;
            try {
                NameCallback name = new NameCallback("User");
                PasswordCallback pass = new PasswordCallback("Access token or password", false);
                askCallbacks(name, pass);
                String user = name.getName() != null && !name.getName().isBlank() ? name.getName() : authorizationId;
                if (user == null || user.isBlank()) {
                    throw new SaslException(mechanism + ": no user name; pass the mailbox address as the user to connect()");
                }
                report.account(user);
                checkNoControlCharacters("user name", user);
                checkNoControlCharacters("authorization id", authorizationId);
                password = pass.getPassword();
                pass.clearPassword();
                boolean encrypted = LoginAttempt.current().flatMap(LoginAttempt::encrypted)
                        .orElseGet(() -> Encryption.guaranteed(protocol, props));
                if (!Encryption.permits(encrypted, protocol, host, props)) {
                    throw new SaslException(Encryption.refusal(mechanism, protocol, host, port));
                }
                request = new TokenRequest(user, protocol, host, port);
                tokenSource = sources.find(protocol, props);
                token = tokenSource.token(request, password);
                response = initialResponse(user, host, port, token.value()).getBytes(StandardCharsets.UTF_8);
                return response;
            } catch (SaslException e) {
                failure = e;
            } catch (IOException e) {
                failure = new SaslException(mechanism + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                // a plug-in's bug must still say where it happened, not end as "SASL authentication failed"
                failure = new SaslException(mechanism + ": getting an access token failed unexpectedly ("
                        + e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
            } finally {
                if (password != null) {
                    Arrays.fill(password, '\0');
                }
            }
            LOG.log(Level.INFO, () -> protocol + " login to " + host + " failed: " + failure.getMessage());
            LoginAttempt.current().ifPresent(attempt -> attempt.fail(failure.getMessage()));
            report.failed(failure.getMessage());
            throw failure;
        }
        return response;
    }

    /** ^A separates XOAUTH2's and OAUTHBEARER's fields, CR and LF end protocol lines: a name must not smuggle them in. */
    private void checkNoControlCharacters(String what, String value) throws SaslException {
        if (value == null) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                throw new SaslException(mechanism + ": the " + what + " contains the control character U+"
                        + String.format("%04X", (int) c) + " at position " + i + "; nothing was sent. Check the user"
                        + " name passed to connect()");
            }
            if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(++i)))) {
                throw new SaslException(mechanism + ": the " + what + " is not valid Unicode (a lone surrogate at"
                        + " position " + i + "); nothing was sent");
            }
        }
    }

    private void askCallbacks(Callback... asked) throws IOException {
        if (callbacks == null) {
            return;
        }
        try {
            callbacks.handle(asked);
        } catch (UnsupportedCallbackException e) {
            // the handler may know only the name: ask for it alone, sources that need no password still work
            try {
                callbacks.handle(new Callback[] {asked[0]});
            } catch (UnsupportedCallbackException nameUnknown) {
                throw new IOException("the callback handler answers neither the user name nor the password", nameUnknown);
            }
        }
    }

    @Override
    public final boolean isComplete() {
        return state == State.FAILURE_ANSWERED;
    }

    @Override
    public final byte[] unwrap(byte[] incoming, int offset, int len) throws SaslException {
        throw new IllegalStateException(mechanism + " negotiates no security layer");
    }

    @Override
    public final byte[] wrap(byte[] outgoing, int offset, int len) throws SaslException {
        throw new IllegalStateException(mechanism + " negotiates no security layer");
    }

    /** No security layer is negotiated: every property is {@code null} once the exchange is over. */
    @Override
    public final Object getNegotiatedProperty(String propName) {
        if (!isComplete()) {
            throw new IllegalStateException(mechanism + " authentication is not complete");
        }
        return null;
    }

    /** Forgets the token and the encoded response. */
    @Override
    public final void dispose() {
        if (response != null) {
            Arrays.fill(response, (byte) 0);
        }
        response = null;
        token = null;
        state = State.DISPOSED;
    }
}
