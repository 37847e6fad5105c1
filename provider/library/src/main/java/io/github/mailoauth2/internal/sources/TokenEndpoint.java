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
import com.google.api.client.util.Data;
import com.google.api.client.util.GenericData;
import io.github.mailoauth2.internal.PlaintextPolicy;
import io.github.mailoauth2.internal.ServerText;
import io.github.mailoauth2.token.AccessToken;
import io.github.mailoauth2.token.ClientAuthentication;
import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.OAuth2Properties;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.HttpRetryException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One OAuth2 token endpoint and client, reached through Google's HTTP client. What may pass is
 * retried with backoff until {@code timeout} runs out: network errors, timeouts, 5xx, 408 and 429,
 * honouring {@code Retry-After} ({@link TokenEndpointUnavailable} in the end). What will not pass
 * fails at once: an OAuth2 error or another 4xx ({@link TokenEndpointRefusal}; a 401 is
 * {@code invalid_client}, RFC 6749 5.2), a success that is not a token response, a redirect, a
 * refused server certificate ({@link CertificateRejection}).
 * Server text in messages and logs is cleaned, every secret the request sent redacted.
 */
final class TokenEndpoint {
    private static final System.Logger LOG = System.getLogger(TokenEndpoint.class.getName());
    static final HttpTransport TRANSPORT = new NetHttpTransport();
    static final JsonFactory JSON = GsonFactory.getDefaultInstance();
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    /** A longer {@code Retry-After} is past any timeout anyway; the cap keeps instant arithmetic safe. */
    private static final Duration MAX_RETRY_AFTER = Duration.ofDays(1);
    /** Real token responses are a few KB (with an id_token); more is not one. */
    private static final int MAX_BODY = 1 << 20;
    /** Form fields that hold no secret; every other value a request sends is redacted from server text. */
    private static final Set<String> PUBLIC_FIELDS = Set.of("grant_type", "scope", "client_id", "redirect_uri");

    final String url;
    final String clientId;
    private final ClientAuthentication authentication;
    final List<String> scopes;
    private final Duration timeout;
    private final Clock clock;
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
        this.timeout = timeout;
        this.clock = clock;
    }

    static TokenEndpoint of(OAuth2Config config, boolean appOnly, Clock clock) throws ConfigurationException {
        String url = Preset.tokenUrl(config);
        if (url == null) {
            throw new ConfigurationException(config.where(OAuth2Properties.TOKEN_URL)
                    + " is not set; set it, or a preset with mail.oauth2.provider=google|microsoft|yahoo");
        }
        checkUrl(config, OAuth2Properties.TOKEN_URL, url);
        String clientId = config.require(OAuth2Properties.CLIENT_ID, "the token endpoint needs the client id of your app registration");
        return new TokenEndpoint(url, clientId, authentication(config, clientId, clock), Preset.scope(config, appOnly),
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

    /**
     * {@code client-auth}; by default the secret in the form if there is one, else an assertion signed
     * with the key if one is configured, else the assertion in a file if one is, else none (a public client).
     */
    static ClientAuthentication authentication(OAuth2Config config, String clientId, Clock clock) throws ConfigurationException {
        String secret = config.get(OAuth2Properties.CLIENT_SECRET).orElse(null);
        String method = config.get(OAuth2Properties.CLIENT_AUTH).orElse(secret != null ? "secret-post"
                : ClientKey.configured(config) ? "private-key-jwt"
                : clientAssertionConfigured(config) ? "client-assertion" : "none");
        switch (method) {
            case "none":
                return ClientAuthentication.publicClient(clientId);
            case "secret-post":
                return ClientAuthentication.clientSecretPost(clientId,
                        config.require(OAuth2Properties.CLIENT_SECRET, "client-auth " + method + " sends it"));
            case "secret-basic":
                return ClientAuthentication.clientSecretBasic(clientId,
                        config.require(OAuth2Properties.CLIENT_SECRET, "client-auth " + method + " sends it"));
            case "private-key-jwt":
                return new PrivateKeyJwt(clientId, ClientKey.load(config), clock);
            case "client-assertion":
                return clientAssertion(config, clientId);
            default:
                throw new ConfigurationException(config.where(OAuth2Properties.CLIENT_AUTH) + " is \"" + method
                        + "\"; known: secret-post, secret-basic, private-key-jwt, client-assertion, none");
        }
    }

    /** Whether a client assertion that another party signs is configured: a file or a command. */
    static boolean clientAssertionConfigured(OAuth2Config config) {
        return config.get(OAuth2Properties.CLIENT_ASSERTION_FILE).isPresent()
                || config.get(OAuth2Properties.CLIENT_ASSERTION_COMMAND).isPresent();
    }

    /** {@code client-assertion}: from {@code client-assertion-file} or {@code client-assertion-command}, exactly one. */
    private static ClientAuthentication clientAssertion(OAuth2Config config, String clientId) throws ConfigurationException {
        String file = config.get(OAuth2Properties.CLIENT_ASSERTION_FILE).orElse(null);
        String command = config.get(OAuth2Properties.CLIENT_ASSERTION_COMMAND).orElse(null);
        if (file != null && command != null) {
            throw new ConfigurationException(config.where(OAuth2Properties.CLIENT_ASSERTION_FILE) + " and "
                    + config.where(OAuth2Properties.CLIENT_ASSERTION_COMMAND) + " are both set; set one of them");
        }
        if (command != null) {
            return new CommandClientAssertion(clientId, command, config.seconds(OAuth2Properties.TIMEOUT, RefreshPolicy.DEFAULT_TIMEOUT));
        }
        if (file == null) {
            throw new ConfigurationException(config.where(OAuth2Properties.CLIENT_ASSERTION_FILE) + " is not set; client-auth"
                    + " client-assertion sends the assertion in it (e.g. $AZURE_FEDERATED_TOKEN_FILE), or set "
                    + OAuth2Properties.CLIENT_ASSERTION_COMMAND + " to a program that prints it");
        }
        return new FileClientAssertion(clientId, Path.of(file));
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
    AccessTokenResponse execute(String what, Function<GenericUrl, TokenRequest> build) throws IOException {
        return post(what, url, OAuth2Properties.TOKEN_URL, () -> {
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
        Instant start = clock.instant();
        Instant deadline = start.plus(timeout);
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            try {
                return attempt(what, target, urlKey, form.get(), reader, deadline);
            } catch (Transient failure) {
                backoff = pause(what, target, failure, attempt, start, deadline, backoff);
            } catch (RuntimeException e) {
                // a bug (ours, the HTTP client's, a plug-in's), not the network: retrying would repeat it
                throw new IOException("unexpected " + describe(e, List.of()) + " while " + what + " at " + target, e);
            }
        }
    }

    private <T> T attempt(String what, String target, String urlKey, Form form, Reader<T> reader, Instant deadline)
            throws IOException, Transient {
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
                    secrets.addAll(secretsOf(sending));
                });
        request.getHeaders().setAccept("application/json");
        HttpResponse response;
        try {
            response = request.execute();
        } catch (NotSent e) {
            throw new IOException("the client authentication (client-auth) for " + what + " failed: "
                    + describe(e.getCause(), secrets), e.getCause());
        } catch (HttpRetryException e) {
            // HttpURLConnection in streaming mode, on a 401 it would answer with a login: the body is lost
            if (e.responseCode() == 401) {
                throw clientAuthenticationFailed(what, target, form);
            }
            throw new Transient(describe(e, secrets), null, e);
        } catch (IOException e) {
            ProxyTunnel.ProxyFailure proxy = ProxyTunnel.ProxyFailure.in(e);
            if (proxy != null) {
                throw new IOException(what + ": " + proxy.getMessage(), e);
            }
            if (CertificateRejection.in(e)) {
                throw new IOException(target + " presented a TLS certificate that was refused (" + describe(e, secrets)
                        + "); nothing was sent, and retrying cannot help. Check " + urlKey + ": its host must be one the"
                        + " certificate names; " + route.trustAdvice(), e);
            }
            throw new Transient(describe(e, secrets), null, e);
        }
        int status = response.getStatusCode();
        byte[] body;
        try (InputStream content = response.getContent()) {
            body = content == null ? new byte[0] : content.readNBytes(MAX_BODY);
        } catch (IOException e) {
            throw new Transient("HTTP " + status + ", then " + describe(e, secrets), null, e);
        } finally {
            response.disconnect();
        }
        return answer(what, target, urlKey, form, reader, status, response.getHeaders(), body, secrets);
    }

    private <T> T answer(String what, String target, String urlKey, Form form, Reader<T> reader, int status,
                         HttpHeaders headers, byte[] body, List<String> secrets) throws IOException, Transient {
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
            throw new Transient("HTTP " + status + (error == null ? "" : " " + error.summary()),
                    retryAfter(headers.getRetryAfter(), now), null);
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

    /** Waits before the next attempt, or gives up if the wait would pass the deadline. */
    private Duration pause(String what, String target, Transient failure, int attempt, Instant start, Instant deadline,
                           Duration backoff) throws IOException {
        Instant now = clock.instant();
        Duration wait = failure.retryAfter != null && failure.retryAfter.compareTo(backoff) > 0 ? failure.retryAfter : backoff;
        if (now.plus(wait).isAfter(deadline)) {
            String comeBack = failure.retryAfter == null ? "" : "; it asked to come back at "
                    + now.plus(failure.retryAfter).truncatedTo(ChronoUnit.SECONDS) + " (Retry-After), after the timeout";
            throw new TokenEndpointUnavailable(target + " did not answer " + what + " with a token: " + failure.getMessage()
                    + comeBack + " (" + attempt + (attempt == 1 ? " attempt" : " attempts") + " in "
                    + String.format(Locale.ROOT, "%.1f", Duration.between(start, now).toMillis() / 1000.0) + " s, timeout "
                    + timeout.toSeconds() + " s). Check that the token endpoint is reachable and working; a later connect tries again",
                    failure.retryAfter, failure.getMessage(), failure.getCause());
        }
        LOG.log(Level.DEBUG, () -> target + ": " + failure.getMessage() + "; retrying in " + wait.toMillis() + " ms");
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while " + what, e);
        }
        return backoff.multipliedBy(2);
    }

    /** {@code Retry-After} in seconds or as an HTTP date; {@code null} if absent or unreadable. */
    static Duration retryAfter(String value, Instant now) {
        if (value == null) {
            return null;
        }
        String text = value.strip();
        if (!text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return text.length() > 9 ? MAX_RETRY_AFTER : min(Duration.ofSeconds(Long.parseLong(text)), MAX_RETRY_AFTER);
        }
        try {
            Duration until = Duration.between(now, ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return until.isNegative() ? Duration.ZERO : min(until, MAX_RETRY_AFTER);
        } catch (DateTimeException | ArithmeticException e) {
            return null;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** The configured {@link ClientAuthentication}, as Google's client applies it to a token request. */
    HttpExecuteInterceptor clientAuthentication() {
        return request -> {
            Map<String, Object> data = Data.mapOf(UrlEncodedContent.getContent(request).getData());
            Map<String, String> form = new LinkedHashMap<>();
            Map<String, String> headers = new LinkedHashMap<>();
            authentication.authenticate(url, form, headers);
            if (headers.keySet().stream().anyMatch("Authorization"::equalsIgnoreCase) && JdkHttpLog.showsHeaders()) {
                throw new IOException("it puts the client's credentials in the Authorization header (secret-basic), and the"
                        + " JDK's HTTP log (" + JdkHttpLog.LOGGER + ", now at FINE or finer) would write them out; nothing was"
                        + " sent. Set that logger to INFO, or use client-auth secret-post if the server accepts it");
            }
            data.putAll(form);
            // HttpHeaders declares Authorization as a list; other headers take a plain value
            headers.forEach((name, value) -> request.getHeaders().set(name,
                    "Authorization".equalsIgnoreCase(name) ? List.of(value) : value));
        };
    }

    /**
     * What a request sends that must never be shown: every form value but the public ones (refresh
     * token, client secret, code, code verifier, device code, assertion), as sent and form-encoded,
     * and the credentials of a Basic {@code Authorization} header.
     */
    static List<String> secretsOf(HttpRequest request) {
        List<String> secrets = new ArrayList<>();
        Data.mapOf(UrlEncodedContent.getContent(request).getData()).forEach((name, value) -> {
            if (!PUBLIC_FIELDS.contains(name) && value != null) {
                addSecret(secrets, value instanceof Collection<?> values ? String.join(" ", values.stream().map(String::valueOf).toList())
                        : String.valueOf(value));
            }
        });
        String authorization = request.getHeaders().getAuthorization();
        if (authorization != null) {
            secrets.add(authorization);
            if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
                try {
                    String credentials = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                            StandardCharsets.UTF_8);
                    secrets.add(authorization.substring(6).strip());
                    secrets.add(credentials);
                    addSecret(secrets, URLDecoder.decode(credentials.substring(credentials.indexOf(':') + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    // not Base64: the header itself is redacted
                }
            }
        }
        return secrets;
    }

    private static void addSecret(List<String> secrets, String value) {
        secrets.add(value);
        secrets.add(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    private static String describe(Throwable e, Collection<String> secrets) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + ServerText.clean(message, secrets));
    }

    /** A failure that may pass: the loop waits and tries again. */
    private static final class Transient extends Exception {
        private static final long serialVersionUID = 1L;
        final Duration retryAfter;

        Transient(String message, Duration retryAfter, Throwable cause) {
            super(message, cause, false, false);
            this.retryAfter = retryAfter;
        }
    }

    /** The client authentication failed before anything was sent. */
    private static final class NotSent extends IOException {
        private static final long serialVersionUID = 1L;

        NotSent(Throwable cause) {
            super(cause);
        }
    }

    /** An access token, and what else the endpoint sent: a new (rotated) refresh token and the granted scope. */
    record AccessTokenResponse(AccessToken token, String refreshToken, String scope) {
        @Override
        public String toString() {
            return "AccessTokenResponse[" + token + (refreshToken == null ? "" : ", with a refresh token") + "]";
        }
    }
}
