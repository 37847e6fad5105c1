package io.github.mailoauth2.internal.sources;

import com.google.api.client.auth.oauth2.TokenErrorResponse;
import com.google.api.client.auth.oauth2.TokenRequest;
import com.google.api.client.auth.oauth2.TokenResponse;
import com.google.api.client.auth.oauth2.TokenResponseException;
import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.HttpExecuteInterceptor;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.UrlEncodedContent;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.JsonFactory;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.client.util.Data;
import io.github.mailoauth2.token.ClientAuthentication;
import io.github.mailoauth2.token.AccessToken;
import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.OAuth2Properties;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One OAuth2 token endpoint and client, reached through Google's OAuth client. It retries what may
 * pass (network errors, timeouts, 5xx, 429, answers that are not a token response) with backoff
 * until {@code timeout} runs out, and fails at once on what will not ({@link TokenEndpointRefusal}:
 * {@code invalid_grant}, {@code invalid_client}, ...).
 */
final class TokenEndpoint {
    private static final System.Logger LOG = System.getLogger("io.github.mailoauth2.internal.sources");
    static final HttpTransport TRANSPORT = new NetHttpTransport();
    static final JsonFactory JSON = GsonFactory.getDefaultInstance();
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    private static final Set<String> PERMANENT = Set.of("invalid_grant", "invalid_client", "unauthorized_client",
            "invalid_scope", "unsupported_grant_type", "invalid_request", "access_denied");

    final String url;
    final String clientId;
    private final ClientAuthentication authentication;
    final List<String> scopes;
    private final Duration timeout;
    private final Clock clock;

    TokenEndpoint(String url, String clientId, ClientAuthentication authentication, String scope, Duration timeout,
                  Clock clock) {
        this.url = url;
        this.clientId = clientId;
        this.authentication = authentication;
        this.scopes = scope == null ? List.of() : Arrays.asList(scope.trim().split("\\s+"));
        this.timeout = timeout;
        this.clock = clock;
    }

    static TokenEndpoint of(OAuth2Config config, boolean appOnly, Clock clock) throws ConfigurationException {
        String url = Preset.tokenUrl(config);
        if (url == null) {
            throw new ConfigurationException(config.where(OAuth2Properties.TOKEN_URL)
                    + " is not set; set it, or a preset with mail.oauth2.provider=google|microsoft|yahoo");
        }
        String clientId = config.require(OAuth2Properties.CLIENT_ID, "the token endpoint needs the client id of your app registration");
        return new TokenEndpoint(url, clientId, authentication(config, clientId), Preset.scope(config, appOnly),
                config.seconds(OAuth2Properties.TIMEOUT, Duration.ofSeconds(30)), clock);
    }

    /** {@code client-auth}; by default the secret in the form if there is one, else none (a public client). */
    private static ClientAuthentication authentication(OAuth2Config config, String clientId) throws ConfigurationException {
        String secret = config.get(OAuth2Properties.CLIENT_SECRET).orElse(null);
        String method = config.get(OAuth2Properties.CLIENT_AUTH).orElse(secret == null ? "none" : "secret-post");
        switch (method) {
            case "none":
                return ClientAuthentication.publicClient(clientId);
            case "secret-post":
                return ClientAuthentication.clientSecretPost(clientId,
                        config.require(OAuth2Properties.CLIENT_SECRET, "client-auth " + method + " sends it"));
            case "secret-basic":
                return ClientAuthentication.clientSecretBasic(clientId,
                        config.require(OAuth2Properties.CLIENT_SECRET, "client-auth " + method + " sends it"));
            default:
                throw new ConfigurationException(config.where(OAuth2Properties.CLIENT_AUTH) + " is \"" + method
                        + "\"; known: secret-post, secret-basic, none");
        }
    }

    /**
     * Sends the request that {@code build} makes (given the transport, JSON factory and URL), with
     * client authentication, scopes and timeouts set, retrying transient failures.
     *
     * @param what for messages, e.g. "refreshing the token of alice@example.com"
     */
    AccessTokenResponse execute(String what, Function<GenericUrl, TokenRequest> build) throws IOException {
        Instant deadline = clock.instant().plus(timeout);
        Duration backoff = FIRST_BACKOFF;
        int attempt = 0;
        while (true) {
            attempt++;
            Duration left = Duration.between(clock.instant(), deadline);
            try {
                TokenRequest request = build.apply(new GenericUrl(url)).setRequestInitializer(timeouts(left));
                if (request.getClientAuthentication() == null) {
                    // the PKCE code exchange brings its own, which adds the code verifier
                    request.setClientAuthentication(clientAuthentication());
                }
                if (!scopes.isEmpty()) {
                    request.setScopes(scopes);
                }
                TokenResponse response = request.execute();
                if (response.getAccessToken() == null || response.getAccessToken().isBlank()) {
                    throw new IOException("the answer has no access_token");
                }
                return new AccessTokenResponse(new AccessToken(response.getAccessToken(), expiry(response)),
                        response.getRefreshToken(), response.getScope());
            } catch (TokenResponseException e) {
                TokenErrorResponse details = e.getDetails();
                String error = details == null ? null : details.getError();
                if (error != null && PERMANENT.contains(error)) {
                    throw new TokenEndpointRefusal(error, url + " refused " + what + ": " + error
                            + (details.getErrorDescription() == null ? "" : " (" + oneLine(details.getErrorDescription()) + ")"));
                }
                if (e.getStatusCode() >= 400 && e.getStatusCode() < 500 && e.getStatusCode() != 429 && error != null) {
                    throw new TokenEndpointRefusal(error, url + " refused " + what + ": HTTP " + e.getStatusCode() + " " + error);
                }
                backoff = retryOrFail(what, "HTTP " + e.getStatusCode() + (error == null ? "" : " " + error), e, attempt, deadline, backoff);
            } catch (IOException | IllegalArgumentException e) {
                // IllegalArgumentException: Google's parser on an answer that is not a token response
                backoff = retryOrFail(what, describe(e), e, attempt, deadline, backoff);
            }
        }
    }

    /** The configured {@link ClientAuthentication}, as Google's client applies it to a token request. */
    HttpExecuteInterceptor clientAuthentication() {
        return request -> {
            Map<String, Object> data = Data.mapOf(UrlEncodedContent.getContent(request).getData());
            Map<String, String> form = new LinkedHashMap<>();
            Map<String, String> headers = new LinkedHashMap<>();
            authentication.authenticate(url, form, headers);
            data.putAll(form);
            // HttpHeaders declares Authorization as a list; other headers take a plain value
            headers.forEach((name, value) -> request.getHeaders().set(name,
                    "Authorization".equalsIgnoreCase(name) ? List.of(value) : value));
        };
    }

    private Duration retryOrFail(String what, String failure, Exception cause, int attempt, Instant deadline, Duration backoff)
            throws IOException {
        Instant now = clock.instant();
        if (now.plus(backoff).isAfter(deadline)) {
            throw new IOException(url + " did not answer " + what + " with a token: " + failure + " (" + attempt
                    + (attempt == 1 ? " attempt" : " attempts") + " in " + timeout.toSeconds()
                    + " s). Check that the token endpoint is reachable; the next connect will try again", cause);
        }
        LOG.log(Level.DEBUG, () -> url + ": " + failure + "; retrying in " + backoff.toMillis() + " ms");
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while " + what, e);
        }
        return backoff.multipliedBy(2);
    }

    private Instant expiry(TokenResponse response) {
        Long seconds = response.getExpiresInSeconds();
        return seconds == null ? null : clock.instant().plusSeconds(seconds);
    }

    /** Timeouts within what is left, and no HTTP logging: request and answer bodies hold secrets. */
    private static HttpRequestInitializer timeouts(Duration left) {
        int millis = (int) Math.max(1_000, Math.min(Integer.MAX_VALUE, left.toMillis()));
        return request -> request.setConnectTimeout(millis).setReadTimeout(millis)
                .setLoggingEnabled(false).setCurlLoggingEnabled(false).setContentLoggingLimit(0);
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + oneLine(message));
    }

    /** Server-supplied text goes into our messages: keep it on one line and short. */
    private static String oneLine(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "...";
    }

    /** An access token, and what else the endpoint sent: a new (rotated) refresh token and the granted scope. */
    record AccessTokenResponse(AccessToken token, String refreshToken, String scope) {
        @Override
        public String toString() {
            return "AccessTokenResponse[" + token + (refreshToken == null ? "" : ", with a refresh token") + "]";
        }
    }
}
