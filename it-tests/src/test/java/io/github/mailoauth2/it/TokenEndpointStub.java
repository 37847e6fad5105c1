package io.github.mailoauth2.it;

import io.github.mailoauth2.testing.FakeTokenEndpoint;
import io.github.mailoauth2.testing.FakeTokenEndpoint.Answer;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A token endpoint on 127.0.0.1 for what needs no lab (the example plug-ins' test, the refresh benchmark):
 * it answers the refresh-token grant, after a delay, with a new access token of a fixed lifetime and a
 * rotated refresh token, and records each answer with the moment it gave it, so that tests and benchmarks
 * judge the code under test from outside. Its tokens are made up ({@code access-1}, {@code refresh-1}, ...).
 * The server is the tests' one {@link FakeTokenEndpoint}; this is its script.
 */
public final class TokenEndpointStub implements AutoCloseable {
    /**
     * One answer to the refresh-token grant.
     *
     * @param refreshTokenIn the refresh token the client sent
     * @param accessToken the access token it got
     * @param refreshTokenOut the refresh token it got in exchange
     * @param sentAtNanos {@link System#nanoTime()} just before the answer went out: no client had this token earlier
     */
    public record Grant(String refreshTokenIn, String accessToken, String refreshTokenOut, long sentAtNanos) {
    }

    private final FakeTokenEndpoint endpoint;
    private final Duration delay;
    private final Duration lifetime;
    private final List<Grant> grants = new CopyOnWriteArrayList<>();

    /**
     * @param delay how long each answer takes
     * @param lifetime the access tokens' {@code expires_in}, whole seconds
     */
    public TokenEndpointStub(Duration delay, Duration lifetime) throws IOException {
        this.delay = delay;
        this.lifetime = lifetime;
        endpoint = new FakeTokenEndpoint((n, body) -> answer(body));
    }

    private Answer answer(String body) {
        String refreshToken = field(body, "refresh_token");
        if (!"refresh_token".equals(field(body, "grant_type")) || refreshToken == null) {
            return Answer.json(400, "{\"error\":\"unsupported_grant_type\"}");
        }
        try {
            Thread.sleep(delay.toMillis()); // here, not Answer.after: sentAtNanos is taken after the wait
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.hangUp();
        }
        Grant grant;
        synchronized (grants) {
            int n = grants.size() + 1;
            grant = new Grant(refreshToken, "access-" + n, "refresh-" + n, System.nanoTime());
            grants.add(grant);
        }
        return Answer.json(200, "{\"access_token\":\"" + grant.accessToken() + "\",\"expires_in\":" + lifetime.toSeconds()
                + ",\"token_type\":\"Bearer\",\"refresh_token\":\"" + grant.refreshTokenOut() + "\"}");
    }

    private static String field(String body, String name) {
        for (String pair : body.split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** The URL to give as {@code mail.oauth2.token-url}. */
    public String url() {
        return endpoint.url();
    }

    /** Every token handed out so far, in order. */
    public List<Grant> grants() {
        return List.copyOf(grants);
    }

    /** The lifetime this endpoint gives its tokens. */
    public Duration lifetime() {
        return lifetime;
    }

    @Override
    public void close() {
        endpoint.close();
    }
}
