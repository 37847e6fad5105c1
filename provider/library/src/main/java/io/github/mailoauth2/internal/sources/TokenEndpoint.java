package io.github.mailoauth2.internal.sources;

import com.google.api.client.auth.oauth2.TokenRequest;
import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.HttpExecuteInterceptor;
import com.google.api.client.http.HttpHeaders;
import com.google.api.client.http.HttpRequest;
import com.google.api.client.http.HttpResponse;
import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.UrlEncodedContent;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.JsonFactory;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.client.util.GenericData;
import io.github.mailoauth2.internal.PlaintextPolicy;
import io.github.mailoauth2.internal.ServerText;
import io.github.mailoauth2.token.ClientAuthentication;
import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.OAuth2Properties;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpRetryException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One OAuth2 token endpoint and client, reached through Google's HTTP client. What may pass is
 * retried ({@link Retries}) until {@code timeout} runs out: network errors, timeouts, 5xx, 408 and 429,
 * honouring {@code Retry-After} ({@link RetryAfter}; {@link TokenEndpointUnavailable} in the end). What will not pass
 * fails at once: an OAuth2 error or another 4xx ({@link TokenEndpointRefusal}; a 401 is
 * {@code invalid_client}, RFC 6749 5.2), a success that is not a token response, a redirect, a
 * refused server certificate ({@link CertificateRejection}).
 * Server text in messages and logs is cleaned, every secret the request sent redacted ({@link RequestSecrets}).
 * The client authenticates as {@link ClientAuthentications} configures.
 */
final class TokenEndpoint {
    static final HttpTransport TRANSPORT = new NetHttpTransport();
    static final JsonFactory JSON = GsonFactory.getDefaultInstance();
    /** Real token responses are a few KB (with an id_token); more is not one. */
    private static final int MAX_BODY = 1 << 20;

    final String url;
    final String clientId;
    private final ClientAuthentication authentication;
    final List<String> scopes;
    private final Clock clock;
    private final Retries retries;
    private final HttpTransports.Route route;

    TokenEndpoint(String url, String clientId, ClientAuthentication authentication, String scope, Duration timeout,
                  Clock clock) {
        this(url, clientId, authentication, scope, timeout, clock, HttpTransports.DEFAULT);
    }

    TokenEndpoint(String url, String clientId, ClientAuthentication authentication, String scope, Duration timeout,
                  Clock clock, HttpTransports.Route route) {
        this.route = route;
        this.url = url;
        this.clientId = clientId;
        this.authentication = authentication;
        this.scopes = scope == null ? List.of() : Arrays.asList(scope.trim().split("\\s+"));
        this.clock = clock;
        this.retries = new Retries(timeout, clock);
    }

    static TokenEndpoint of(OAuth2Config config, boolean appOnly, Clock clock) throws ConfigurationException {
        String url = Preset.tokenUrl(config);
        if (url == null) {
            throw new ConfigurationException(config.where(OAuth2Properties.TOKEN_URL)
                    + " is not set; set it, or a preset with mail.oauth2.preset=google|microsoft|yahoo");
        }
        checkUrl(config, OAuth2Properties.TOKEN_URL, url);
        String clientId = config.require(OAuth2Properties.CLIENT_ID, "the token endpoint needs the client id of your app registration");
        return new TokenEndpoint(url, clientId, ClientAuthentications.configured(config, clientId, clock), Preset.scope(config, appOnly),
                config.seconds(OAuth2Properties.TIMEOUT, RefreshPolicy.DEFAULT_TIMEOUT), clock, HttpTransports.of(config));
    }

    /**
     * Refuses, before any request, an endpoint URL that is malformed, not http(s), or plain http to a
     * host that {@code allow-plaintext} does not allow: secrets would cross the network in the clear.
     *
     * @param key the key the URL comes from (or its preset's), for the message
     */
    static void checkUrl(OAuth2Config config, String key, String url) throws ConfigurationException {
        String problem;
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")) {
                problem = "not an https:// URL";
            } else if (uri.getHost() == null) {
                problem = "a URL without a host";
            } else if (scheme.equals("http") && !PlaintextPolicy.of(config).allows(uri.getHost())) {
                problem = config.get(OAuth2Properties.ALLOW_PLAINTEXT).filter("false"::equalsIgnoreCase).isPresent()
                        ? "plain http, which " + config.keysSet().getOrDefault(OAuth2Properties.ALLOW_PLAINTEXT,
                                OAuth2Properties.ALLOW_PLAINTEXT) + "=false refuses to every"
                        + " host, this machine's too. Use https, or leave " + OAuth2Properties.ALLOW_PLAINTEXT + " unset"
                        + " (the default, loopback, allows plain http to this machine only)"
                        : "plain http to a host that is not this machine: the client secret and tokens would cross"
                        + " the network unencrypted. Use https (RFC 6749 requires TLS), or set "
                        + OAuth2Properties.ALLOW_PLAINTEXT + "=true for a test rig";
            } else if (scheme.equals("http") && HttpTransports.plainHttpProxy(uri) != null
                    && !PlaintextPolicy.of(config).allows(HttpTransports.plainHttpProxy(uri))) {
                problem = "plain http through the JVM's proxy " + HttpTransports.plainHttpProxy(uri) + ", not this machine:"
                        + " the client secret and tokens would cross the network unencrypted. Use https, or set "
                        + OAuth2Properties.ALLOW_PLAINTEXT + "=true for a test rig";
            } else {
                uri.toURL(); // what the HTTP client will parse
                return;
            }
        } catch (URISyntaxException e) {
            problem = "not a URL (" + ServerText.clean(e.getReason(), List.of()) + ")";
        } catch (MalformedURLException | IllegalArgumentException e) {
            problem = "not a URL (" + ServerText.clean(e.getMessage(), List.of()) + ")";
        }
        throw new ConfigurationException(config.where(key) + " is \"" + ServerText.clean(url, List.of()) + "\": " + problem);
    }

    /** A form to POST, how the client authenticates it ({@code null}: not at all), and its grant, for messages. */
    record Form(GenericData data, HttpExecuteInterceptor authentication, String grantType) {
    }

    /** Reads a successful answer; an {@link IOException} says what it lacks ("... but &lt;message&gt;"). */
    interface Reader<T> {
        T read(byte[] body, Instant now) throws IOException;
    }

    /**
     * Sends the token request that {@code build} makes, with client authentication and scopes, and
     * reads the token response.
     *
     * @param what for messages, e.g. "refreshing the token of alice@example.com"
     */
    TokenResponse execute(String what, Function<GenericUrl, TokenRequest> build) throws IOException {
        return execute(what, clock.instant(), build);
    }

    /**
     * As {@link #execute(String, Function)}, for a token asked for at {@code asked}: the time since (waiting for the
     * token store) counts against the timeout.
     */
    TokenResponse execute(String what, Instant asked, Function<GenericUrl, TokenRequest> build) throws IOException {
        return post(what, url, OAuth2Properties.TOKEN_URL, asked, () -> {
            TokenRequest request = build.apply(new GenericUrl(url));
            if (!scopes.isEmpty()) {
                request.setScopes(scopes);
            }
            // the PKCE code exchange brings its own authentication, which adds the code verifier
            HttpExecuteInterceptor own = request.getClientAuthentication();
            return new Form(request, own != null ? own : clientAuthentication(), request.getGrantType());
        }, TokenResponseParser::parse);
    }

    /**
     * POSTs a form to {@code target} (this endpoint, or another of the same server such as the
     * device authorization endpoint) until a usable answer comes, a final failure, or the timeout.
     *
     * @param urlKey the key that configures {@code target}, for advice
     */
    <T> T post(String what, String target, String urlKey, Supplier<Form> form, Reader<T> reader) throws IOException {
        return post(what, target, urlKey, clock.instant(), form, reader);
    }

    private <T> T post(String what, String target, String urlKey, Instant asked, Supplier<Form> form, Reader<T> reader)
            throws IOException {
        return retries.run(what, target, asked, deadline -> attempt(what, target, urlKey, form.get(), reader, deadline));
    }

    /** When a token asked for at {@code asked} must have come, or its request have failed. */
    Instant deadline(Instant asked) {
        return retries.deadline(asked);
    }

    /** The configured {@code timeout}, for messages. */
    Duration timeout() {
        return retries.timeout();
    }

    private <T> T attempt(String what, String target, String urlKey, Form form, Reader<T> reader, Instant deadline)
            throws IOException, Retries.Transient {
        List<String> secrets = new ArrayList<>();
        HttpRequest request = route.transport().createRequestFactory()
                .buildPostRequest(new GenericUrl(target), new UrlEncodedContent(form.data()));
        int millis = (int) Math.max(1_000, Math.min(Integer.MAX_VALUE, Duration.between(clock.instant(), deadline).toMillis()));
        // no HTTP logging: request and answer bodies hold secrets; no redirects: they would take the secrets elsewhere
        request.setConnectTimeout(millis).setReadTimeout(millis).setFollowRedirects(false)
                .setThrowExceptionOnExecuteError(false).setNumberOfRetries(0)
                .setLoggingEnabled(false).setCurlLoggingEnabled(false).setContentLoggingLimit(0)
                .setInterceptor(sending -> {
                    if (form.authentication() != null) {
                        try {
                            form.authentication().intercept(sending);
                        } catch (IOException | RuntimeException e) {
                            throw new NotSent(e);
                        }
                    }
                    secrets.addAll(RequestSecrets.of(sending));
                });
        request.getHeaders().setAccept("application/json");
        HttpResponse response;
        try {
            response = request.execute();
        } catch (NotSent e) {
            throw new IOException("the client authentication (client-auth) for " + what + " failed: "
                    + RequestSecrets.describe(e.getCause(), secrets), e.getCause());
        } catch (HttpRetryException e) {
            // HttpURLConnection in streaming mode, on a 401 it would answer with a login: the body is lost
            if (e.responseCode() == 401) {
                throw clientAuthenticationFailed(what, target, form);
            }
            throw new Retries.Transient(RequestSecrets.describe(e, secrets), null, e);
        } catch (IOException e) {
            ProxyTunnel.ProxyFailure proxy = ProxyTunnel.ProxyFailure.in(e);
            if (proxy != null) {
                throw new IOException(what + ": " + proxy.getMessage(), e);
            }
            if (CertificateRejection.in(e)) {
                throw new IOException(target + " presented a TLS certificate that was refused (" + RequestSecrets.describe(e, secrets)
                        + "); nothing was sent, and retrying cannot help. Check " + urlKey + ": its host must be one the"
                        + " certificate names; " + route.trustAdvice(), e);
            }
            throw new Retries.Transient(RequestSecrets.describe(e, secrets), null, e);
        }
        int status = response.getStatusCode();
        byte[] body;
        try (InputStream content = response.getContent()) {
            body = content == null ? new byte[0] : content.readNBytes(MAX_BODY);
        } catch (IOException e) {
            throw new Retries.Transient("HTTP " + status + ", then " + RequestSecrets.describe(e, secrets), null, e);
        } finally {
            response.disconnect();
        }
        return answer(what, target, urlKey, form, reader, status, response.getHeaders(), body, secrets);
    }

    private <T> T answer(String what, String target, String urlKey, Form form, Reader<T> reader, int status,
                         HttpHeaders headers, byte[] body, List<String> secrets) throws IOException, Retries.Transient {
        Instant now = clock.instant();
        if (status >= 200 && status < 300) {
            try {
                return reader.read(body, now);
            } catch (IOException unusable) {
                OAuth2Error error = OAuth2Error.read(body, secrets); // some servers send errors with 200
                if (error != null) {
                    throw refusal(what, target, form, error);
                }
                throw new IOException(target + " answered " + what + " with HTTP " + status + " but " + unusable.getMessage()
                        + ". Check " + urlKey + ": is it the OAuth2 endpoint?", unusable);
            }
        }
        OAuth2Error error = OAuth2Error.read(body, secrets);
        if (status == 408 || status == 429 || status >= 500 && status < 600
                || error != null && error.error().equals("temporarily_unavailable")) {
            throw new Retries.Transient("HTTP " + status + (error == null ? "" : " " + error.summary()),
                    RetryAfter.parse(headers.getRetryAfter(), now), null);
        }
        if (status >= 400 && status < 500) {
            if (error != null) {
                throw refusal(what, target, form, error);
            }
            if (status == 401) {
                throw clientAuthenticationFailed(what, target, form);
            }
            throw new TokenEndpointRefusal(null, target + " refused " + what + ": HTTP " + status + " without an OAuth2 error",
                    "Check " + urlKey + ": is it the OAuth2 endpoint?");
        }
        String location = headers.getLocation();
        throw new IOException(target + " answered " + what + " with HTTP " + status
                + (location == null ? "" : ", a redirect to " + ServerText.clean(location, secrets))
                + ", not an OAuth2 answer. Set " + urlKey + " to the endpoint itself (secrets are never sent after a redirect)");
    }

    private TokenEndpointRefusal refusal(String what, String target, Form form, OAuth2Error error) {
        return new TokenEndpointRefusal(error.error(), target + " refused " + what + ": " + error.summary(),
                error.advice(form.grantType(), String.join(" ", scopes)), error.summary());
    }

    /** RFC 6749 5.2: a 401 from a token endpoint means that client authentication failed. */
    private TokenEndpointRefusal clientAuthenticationFailed(String what, String target, Form form) {
        OAuth2Error error = new OAuth2Error("invalid_client", null);
        return new TokenEndpointRefusal(error.error(), target + " refused " + what
                + ": HTTP 401, client authentication failed (invalid_client)", error.advice(form.grantType(), ""));
    }

    /** The configured {@link ClientAuthentication}, as Google's client applies it to a token request. */
    HttpExecuteInterceptor clientAuthentication() {
        return ClientAuthentications.interceptor(authentication, url);
    }

    /** The client authentication failed before anything was sent. */
    private static final class NotSent extends IOException {
        private static final long serialVersionUID = 1L;

        NotSent(Throwable cause) {
            super(cause);
        }
    }
}
