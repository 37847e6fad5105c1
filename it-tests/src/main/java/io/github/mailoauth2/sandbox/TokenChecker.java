package io.github.mailoauth2.sandbox;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * What a real mail server does with a SASL {@code XOAUTH2} or {@code OAUTHBEARER} response: take the
 * user and the bearer token out of it and ask the OAuth2 server about the token (RFC 7662
 * introspection). The token is accepted when it is active and its {@code sub} is the user, or a delegate
 * with Full Access on that (shared) mailbox, as Exchange Online does. Tokens never leave this class: not
 * in a verdict, not in a log line.
 */
final class TokenChecker {
    /**
     * The outcome of one login. {@code failureJson} is the RFC 7628 error report, null for a malformed response;
     * {@code tokenId} tells tokens apart (a SHA-256 of the token, null for a malformed response), without revealing one.
     */
    record Verdict(String user, boolean accepted, String reason, String failureJson, String tokenId) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String CLIENT_AUTH = "Basic " + Base64.getEncoder()
            .encodeToString("mail-server:secret".getBytes(StandardCharsets.UTF_8));

    private final URI introspectionUrl;
    private final String openidConfiguration;
    private final String scope;
    /** Shared mailbox to the delegates with Full Access on it. */
    private final Map<String, Set<String>> fullAccess;

    TokenChecker(URI introspectionUrl, String openidConfiguration, String scope, Map<String, Set<String>> fullAccess) {
        this.introspectionUrl = introspectionUrl;
        this.openidConfiguration = openidConfiguration;
        this.scope = scope;
        this.fullAccess = fullAccess;
    }

    /** Checks a base64 SASL response of {@code mechanism} (XOAUTH2 or OAUTHBEARER). */
    Verdict check(String mechanism, String base64Response) {
        String message;
        try {
            message = new String(Base64.getDecoder().decode(base64Response), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return new Verdict(null, false, "the response is not base64", null, null);
        }
        String user = null;
        String auth = null;
        String[] parts = message.split("\u0001", -1);
        if (mechanism.equals("OAUTHBEARER")) {
            // gs2 header "n,a=USER," then ^A-separated key=value pairs (RFC 7628 3.1)
            for (String field : parts[0].split(",", -1)) {
                if (field.startsWith("a=")) {
                    user = field.substring(2).replace("=2C", ",").replace("=3D", "=");
                }
            }
        }
        for (String part : parts) {
            if (mechanism.equals("XOAUTH2") && part.startsWith("user=")) {
                user = part.substring(5);
            } else if (part.startsWith("auth=")) {
                auth = part.substring(5);
            }
        }
        if (user == null || auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7) || !message.endsWith("\u0001\u0001")) {
            return new Verdict(user, false, "malformed " + mechanism + " response", null, null);
        }
        String token = auth.substring(7).strip();
        String[] sub = new String[1];
        String why = introspect(token, sub);
        if (why == null && !user.equals(sub[0])) {
            if (!fullAccess.getOrDefault(user, Set.of()).contains(sub[0])) {
                why = "the token's sub is " + sub[0] + ", not " + user + " nor a delegate with Full Access on it";
            } else {
                return new Verdict(user, true, "the token is active and its sub " + sub[0] + " has Full Access on " + user, null, id(token));
            }
        }
        return why == null ? new Verdict(user, true, "the token is active and its sub is " + user, null, id(token))
                : new Verdict(user, false, why, failureJson(mechanism), id(token));
    }

    /** @return null when the token is active (its {@code sub} then in {@code sub[0]}), else why not */
    private String introspect(String token, String[] sub) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(introspectionUrl)
                    .header("Authorization", CLIENT_AUTH)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("token_type_hint=access_token&token="
                            + URLEncoder.encode(token, StandardCharsets.UTF_8)))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return "the introspection endpoint answered HTTP " + response.statusCode();
            }
            JsonObject answer = JsonParser.parseString(response.body()).getAsJsonObject();
            if (!answer.has("active") || !answer.get("active").getAsBoolean()) {
                return "the OAuth2 server says the token is not active";
            }
            sub[0] = answer.has("sub") ? answer.get("sub").getAsString() : null;
            return null;
        } catch (IOException | RuntimeException e) {
            return "introspection failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static String id(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    String failureJson(String mechanism) {
        JsonObject json = new JsonObject();
        json.addProperty("status", mechanism.equals("XOAUTH2") ? "401" : "invalid_token");
        json.addProperty("schemes", "bearer");
        json.addProperty("scope", scope);
        if (mechanism.equals("OAUTHBEARER")) {
            json.addProperty("openid-configuration", openidConfiguration);
        }
        return json.toString();
    }
}
