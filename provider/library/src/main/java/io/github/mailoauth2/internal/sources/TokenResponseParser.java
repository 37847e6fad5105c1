package io.github.mailoauth2.internal.sources;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.mailoauth2.internal.ServerText;
import io.github.mailoauth2.token.AccessToken;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Reads a successful token response (RFC 6749 section 5.1) the way servers really send it:
 * {@code expires_in} as a number or a numeric string, absurd lifetimes clamped, {@code token_type}
 * Bearer in any case. Anything else is an {@link IOException} whose message names the field and
 * never shows a token.
 */
final class TokenResponseParser {
    private static final System.Logger LOG = System.getLogger(TokenResponseParser.class.getName());
    /** No real token lives longer; a larger {@code expires_in} is clamped to it. */
    static final Duration MAX_LIFETIME = Duration.ofDays(365);
    private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(MAX_LIFETIME.toSeconds());

    private TokenResponseParser() {
    }

    /**
     * @param body the answer's bytes (JSON in UTF-8)
     * @param now when the answer came, for the expiry
     * @throws IOException if the body is not a usable token response; the message completes
     *         "the token endpoint answered with HTTP 200 but ..." (or "the command printed JSON but ...")
     */
    static TokenResponse parse(byte[] body, Instant now) throws IOException {
        JsonObject json = object(body);
        if (json == null) {
            throw new IOException("not a JSON object");
        }
        JsonElement accessToken = present(json, "access_token");
        if (accessToken == null) {
            throw new IOException("no access_token");
        }
        String tokenType = optionalString(json, "token_type");
        if (tokenType != null && !tokenType.strip().equalsIgnoreCase("bearer")) {
            throw new IOException("token_type \"" + ServerText.clean(tokenType, List.of()) + "\", and mail servers take"
                    + " Bearer tokens only");
        }
        String refreshToken = optionalString(json, "refresh_token");
        JsonElement scope = json.get("scope");
        Duration lifetime = lifetime(json.get("expires_in"));
        return new TokenResponse(
                new AccessToken(accessToken(string(accessToken, "access_token")), lifetime == null ? null : now.plus(lifetime)),
                refreshToken == null || refreshToken.isBlank() ? null : refreshToken,
                scope != null && scope.isJsonPrimitive() ? scope.getAsString() : null);
    }

    /** {@code body} as a JSON object, or {@code null} if it is not one. */
    static JsonObject object(byte[] body) {
        try {
            JsonElement json = JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
            return json.isJsonObject() ? json.getAsJsonObject() : null;
        } catch (RuntimeException e) {
            // Gson's JsonParseException, and whatever else a hostile body provokes: not a JSON object
            return null;
        }
    }

    /**
     * A bearer token as it will go on the wire: visible ASCII only (RFC 6750's b64token and JWTs fit),
     * so that no server can slip a SASL separator or a line break into an authentication.
     */
    static String accessToken(String value) throws IOException {
        if (value.isEmpty()) {
            throw new IOException("an empty access_token");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                throw new IOException("an access_token with characters a bearer token cannot have (RFC 6750)");
            }
        }
        return value;
    }

    /**
     * How long a token lives, from {@code expires_in} as a number or a numeric string: {@code null}
     * (unknown: the token is used once) when absent, not a number, or not positive; at most
     * {@link #MAX_LIFETIME}.
     */
    static Duration lifetime(JsonElement expiresIn) {
        if (expiresIn == null || expiresIn.isJsonNull()) {
            return null;
        }
        String text = expiresIn.isJsonPrimitive() ? expiresIn.getAsString().strip() : "";
        BigDecimal seconds;
        try {
            // a bound on the length keeps BigDecimal's work small; no real lifetime needs more digits
            seconds = text.length() <= 64 ? new BigDecimal(text) : null;
        } catch (NumberFormatException e) {
            seconds = null;
        }
        if (seconds == null) {
            String shown = expiresIn.isJsonPrimitive() ? text : expiresIn.toString();
            LOG.log(Level.DEBUG, () -> "expires_in \"" + ServerText.clean(shown, List.of())
                    + "\" is not a number of seconds; the token's expiry is unknown, so it is used once");
            return null;
        }
        if (seconds.compareTo(BigDecimal.ONE) < 0) {
            return null;
        }
        return seconds.compareTo(MAX_SECONDS) > 0 ? MAX_LIFETIME : Duration.ofSeconds(seconds.longValue());
    }

    private static JsonElement present(JsonObject json, String field) {
        JsonElement value = json.get(field);
        return value == null || value.isJsonNull() ? null : value;
    }

    private static String optionalString(JsonObject json, String field) throws IOException {
        JsonElement value = present(json, field);
        return value == null ? null : string(value, field);
    }

    private static String string(JsonElement value, String field) throws IOException {
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw new IOException(field + " is not a string");
        }
        return value.getAsString();
    }
}
