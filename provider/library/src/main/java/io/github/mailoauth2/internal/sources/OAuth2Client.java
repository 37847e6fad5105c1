package io.github.mailoauth2.internal.sources;

import com.google.api.client.auth.oauth2.AuthorizationCodeFlow;
import com.google.api.client.auth.oauth2.AuthorizationCodeRequestUrl;
import com.google.api.client.auth.oauth2.BearerToken;
import com.google.api.client.auth.oauth2.RefreshTokenRequest;
import com.google.api.client.auth.oauth2.TokenRequest;
import com.google.api.client.http.GenericUrl;
import com.google.api.client.util.GenericData;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.mailoauth2.internal.CommandLineToolkit;
import io.github.mailoauth2.internal.ServerText;
import io.github.mailoauth2.store.StoredAccount;
import io.github.mailoauth2.store.TokenStore;
import io.github.mailoauth2.token.AccessToken;
import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.OAuth2Properties;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The OAuth2 grants the command line needs, for one configured client: browser authorization with
 * PKCE, the device flow (RFC 8628), and refresh. Requests go through Google's OAuth client with the
 * same retries and error handling as the token sources.
 */
@CommandLineToolkit
public final class OAuth2Client {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    /** A server asking to be polled less often than this is answered this often all the same. */
    private static final Duration MAX_INTERVAL = Duration.ofMinutes(1);

    private final OAuth2Config config;
    private final TokenEndpoint endpoint;
    private final Clock clock = Clock.systemUTC();

    private OAuth2Client(OAuth2Config config, TokenEndpoint endpoint) {
        this.config = config;
        this.endpoint = endpoint;
    }

    /** The client that {@code config} describes; {@code client-id} and a token endpoint are required. */
    public static OAuth2Client of(OAuth2Config config) throws ConfigurationException {
        return new OAuth2Client(config, TokenEndpoint.of(config, false, Clock.systemUTC()));
    }

    public String tokenUrl() {
        return endpoint.url;
    }

    public String clientId() {
        return endpoint.clientId;
    }

    /** The scopes sent, space-separated; empty if none are configured. */
    public String scope() {
        return String.join(" ", endpoint.scopes);
    }

    /** A browser authorization in progress: the URL to open, and what the redirect must carry back. */
    public final class BrowserAuthorization {
        private final AuthorizationCodeFlow flow;
        private final String redirectUri;
        private final String state;
        private final String url;

        private BrowserAuthorization(AuthorizationCodeFlow flow, String redirectUri, String state, String url) {
            this.flow = flow;
            this.redirectUri = redirectUri;
            this.state = state;
            this.url = url;
        }

        public String url() {
            return url;
        }

        public String state() {
            return state;
        }

        /** Trades the code the redirect brought for tokens (the PKCE verifier goes along). */
        public TokenResponse exchange(String code) throws IOException {
            return endpoint.execute("exchanging the authorization code",
                    url -> flow.newTokenRequest(code).setRedirectUri(redirectUri));
        }
    }

    /**
     * Starts a browser authorization with PKCE (S256) and a random {@code state}.
     *
     * @param redirectUri the loopback address that will receive the redirect, e.g. {@code http://127.0.0.1:53682/}
     * @param loginHint the account to preselect at the provider, or {@code null}
     */
    public BrowserAuthorization browserAuthorization(String redirectUri, String loginHint) throws ConfigurationException {
        String authorizationUrl = Preset.authorizationUrl(config);
        if (authorizationUrl == null) {
            throw new ConfigurationException(config.where(OAuth2Properties.AUTHORIZATION_URL)
                    + " is not set; set it, or a preset with --provider google|microsoft|yahoo");
        }
        AuthorizationCodeFlow flow = new AuthorizationCodeFlow.Builder(BearerToken.authorizationHeaderAccessMethod(),
                TokenEndpoint.TRANSPORT, TokenEndpoint.JSON, new GenericUrl(endpoint.url), endpoint.clientAuthentication(),
                endpoint.clientId, authorizationUrl).setScopes(endpoint.scopes).enablePKCE().build();
        String state = random();
        AuthorizationCodeRequestUrl url = flow.newAuthorizationUrl().setRedirectUri(redirectUri).setState(state);
        if (Preset.isGoogle(config)) {
            // without these Google issues no refresh token, or none on a second authorization
            url.set("access_type", "offline").set("prompt", "consent");
        }
        if (loginHint != null) {
            url.set("login_hint", loginHint);
        }
        return new BrowserAuthorization(flow, redirectUri, state, url.build());
    }

    /** A device authorization in progress (RFC 8628): what to show the user, and how to poll. */
    public record DeviceAuthorization(String userCode, String verificationUri, String verificationUriComplete,
                                      Duration interval, Instant expiresAt, String deviceCode) {
        @Override
        public String toString() {
            return "DeviceAuthorization[" + verificationUri + ", code " + userCode + "]";
        }
    }

    public DeviceAuthorization startDeviceAuthorization() throws IOException {
        String deviceUrl = Preset.deviceUrl(config);
        if (deviceUrl == null) {
            throw new ConfigurationException(Preset.isGoogle(config)
                    ? "Google does not allow the device flow for the Gmail scope; authorize in a browser instead"
                            + " (--no-browser on a machine without one)"
                    : config.where(OAuth2Properties.DEVICE_URL) + " is not set: this provider's device endpoint is unknown");
        }
        TokenEndpoint.checkUrl(config, OAuth2Properties.DEVICE_URL, deviceUrl);
        return endpoint.post("the device authorization", deviceUrl, OAuth2Properties.DEVICE_URL, () -> {
            GenericData form = new GenericData();
            form.set("client_id", endpoint.clientId);
            if (!endpoint.scopes.isEmpty()) {
                form.set("scope", scope());
            }
            return new TokenEndpoint.Form(form, null, DEVICE_GRANT);
        }, OAuth2Client::deviceAuthorization);
    }

    /** RFC 8628 3.2, with its defaults: polls every 5 s, the code lives 10 minutes. */
    private static DeviceAuthorization deviceAuthorization(byte[] body, Instant now) throws IOException {
        JsonObject json = TokenResponseParser.object(body);
        if (json == null) {
            throw new IOException("not a JSON object");
        }
        Duration interval = TokenResponseParser.lifetime(json.get("interval"));
        Duration lifetime = TokenResponseParser.lifetime(json.get("expires_in"));
        return new DeviceAuthorization(shown(json, "user_code"), shown(json, "verification_uri"),
                json.has("verification_uri_complete") ? shown(json, "verification_uri_complete") : null,
                interval == null ? Duration.ofSeconds(5) : interval.compareTo(MAX_INTERVAL) > 0 ? MAX_INTERVAL : interval,
                now.plus(lifetime == null ? Duration.ofMinutes(10) : lifetime), required(json, "device_code"));
    }

    private static String required(JsonObject json, String field) throws IOException {
        JsonElement value = json.get(field);
        if (value == null || !value.isJsonPrimitive() || value.getAsString().isBlank()) {
            throw new IOException("no " + field);
        }
        return value.getAsString();
    }

    /** A field the user sees, to type or open: one clean line. */
    private static String shown(JsonObject json, String field) throws IOException {
        return ServerText.clean(required(json, field), List.of());
    }

    /**
     * Polls the token endpoint until the user approves, denies, or the code expires.
     *
     * @param waiting told before each wait, e.g. to print a status line
     */
    public TokenResponse awaitDeviceAuthorization(DeviceAuthorization device, Consumer<Duration> waiting) throws IOException {
        Duration interval = device.interval();
        while (true) {
            if (clock.instant().isAfter(device.expiresAt())) {
                throw new IOException("the device code expired before it was approved; run authorize again");
            }
            waiting.accept(interval);
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the device approval", e);
            }
            try {
                return endpoint.execute("the device authorization", url ->
                        new TokenRequest(TokenEndpoint.TRANSPORT, TokenEndpoint.JSON, url, DEVICE_GRANT)
                                .set("device_code", device.deviceCode()));
            } catch (TokenEndpointRefusal e) {
                switch (String.valueOf(e.error)) {
                    case "authorization_pending":
                        break;
                    case "slow_down":
                        interval = interval.compareTo(MAX_INTERVAL) < 0 ? interval.plusSeconds(5) : interval;
                        break;
                    case "access_denied":
                        throw new IOException("the authorization was denied at " + device.verificationUri(), e);
                    case "expired_token":
                        throw new IOException("the device code expired before it was approved; run authorize again", e);
                    default:
                        throw e;
                }
            }
        }
    }

    /** A refresh-token grant with a refresh token the caller keeps; the answer may carry a new (rotated) refresh token. */
    public TokenResponse refresh(String refreshToken) throws IOException {
        return endpoint.execute("refreshing the access token", url ->
                new RefreshTokenRequest(TokenEndpoint.TRANSPORT, TokenEndpoint.JSON, url, refreshToken));
    }

    /**
     * Refreshes {@code account}'s stored refresh token now and saves the answer, exactly as the refresh-token source
     * does ({@link RefreshTokenFetcher}): under the store's lock, the new access token saved together with the
     * refresh token the server returned before it is returned; a refusal for good saved in the entry (the refresh
     * token kept) before it is thrown; a refresh token stored for another token endpoint than this client's not
     * sent ({@link StoredEndpoint#check}).
     *
     * @throws IOException also if {@code account} has no refresh token in {@code store}
     */
    public AccessToken refreshStored(TokenStore store, String account) throws IOException {
        return new RefreshTokenFetcher(endpoint, store, null, RefreshPolicy.configured(config), clock).refresh(account);
    }

    /**
     * {@code stored}'s access token if the refresh-token source would still hand it out ({@link RefreshPolicy}, with
     * {@code config}'s {@code refresh-margin}); empty if it is due for refresh.
     */
    public static Optional<AccessToken> reusable(OAuth2Config config, StoredAccount stored) throws ConfigurationException {
        return RefreshPolicy.configured(config).reusable(stored, Instant.now())
                ? Optional.of(new AccessToken(stored.accessToken(), stored.accessTokenExpiresAt())) : Optional.empty();
    }

    private static String random() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
