package io.github.mailoauth2.internal.sources;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/**
 * Whatever a token endpoint (or a token command) sends, the parser gives a usable token or an
 * IOException: never another exception, a token that could break a SASL line, or an expiry
 * outside (now, now + 1 year]. jqwik prints the seed of a failing run.
 */
class TokenResponseParserPropertyTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @Property(tries = 3000)
    void arbitraryBytesGiveATokenOrAnIOException(@ForAll("bodies") byte[] body) {
        check(body);
    }

    @Property(tries = 3000)
    void arbitraryFieldValuesGiveATokenOrAnIOException(@ForAll("tokenResponses") String body) {
        check(body.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 2000)
    void aWholePositiveExpiresInAsANumberOrAStringIsTheLifetimeUpToAYear(@ForAll @LongRange(min = 1) long seconds,
                                                                          @ForAll boolean quoted) throws IOException {
        String expiresIn = quoted ? "\"" + seconds + "\"" : String.valueOf(seconds);
        TokenResponse response = TokenResponseParser.parse(("{\"access_token\":\"at\",\"expires_in\":"
                + expiresIn + "}").getBytes(StandardCharsets.UTF_8), NOW);

        assertThat(response.accessToken().expiresAt())
                .contains(NOW.plusSeconds(Math.min(seconds, TokenResponseParser.MAX_LIFETIME.toSeconds())));
    }

    private static void check(byte[] body) {
        TokenResponse response;
        try {
            response = TokenResponseParser.parse(body, NOW);
        } catch (IOException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(response.accessToken().value()).matches("[\\x21-\\x7E]+");
        response.accessToken().expiresAt().ifPresent(expiry ->
                assertThat(expiry).isAfter(NOW).isBeforeOrEqualTo(NOW.plus(TokenResponseParser.MAX_LIFETIME)));
        if (response.refreshToken() != null) {
            assertThat(response.refreshToken()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
                Arbitraries.strings().all().ofMaxLength(200).map(s -> s.getBytes(StandardCharsets.UTF_8)),
                jsonish().map(s -> s.getBytes(StandardCharsets.UTF_8)));
    }

    /** Text of token-response parts in any order: JSON punctuation, the field names, odd numbers and escapes. */
    private static Arbitrary<String> jsonish() {
        return Arbitraries.of("{", "}", "[", "]", ",", ":", "\"", "\"access_token\"", "\"expires_in\"", "\"token_type\"",
                "\"refresh_token\"", "\"scope\"", "\"error\"", "\"at\"", "\"Bearer\"", "\"mac\"", "null", "true", "-1", "0",
                "1e999", "1e-999", "9223372036854775807", "-9223372036854775809", "3.5", "NaN", "Infinity", "\"3600\"",
                "\\u0000", "\\ud800", "\\u202e", " ", "\n", "'", "/*", "#", "abc")
                .list().ofMaxSize(40).map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<String> tokenResponses() {
        Arbitrary<JsonElement> value = value();
        return Combinators.combine(value.injectNull(0.1), value.injectNull(0.3), value.injectNull(0.3),
                value.injectNull(0.5), value.injectNull(0.5)).as((accessToken, expiresIn, tokenType, refreshToken, scope) -> {
                    JsonObject json = new JsonObject();
                    put(json, "access_token", accessToken);
                    put(json, "expires_in", expiresIn);
                    put(json, "token_type", tokenType);
                    put(json, "refresh_token", refreshToken);
                    put(json, "scope", scope);
                    return json.toString();
                });
    }

    private static void put(JsonObject json, String field, JsonElement value) {
        if (value != null) {
            json.add(field, value);
        }
    }

    /** Any JSON value, weighted towards what servers send and what breaks parsers. */
    private static Arbitrary<JsonElement> value() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(30).map(JsonPrimitive::new),
                Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(40).map(JsonPrimitive::new),
                Arbitraries.of("Bearer", "bearer", " BEARER ", "mac", "3600", " 60 ", "1e3", "-0", "0x10", "", "1e2147483648")
                        .map(JsonPrimitive::new),
                Arbitraries.longs().map(JsonPrimitive::new),
                Arbitraries.doubles().map(JsonPrimitive::new),
                Arbitraries.bigDecimals().map(JsonPrimitive::new),
                Arbitraries.of(true, false).map(JsonPrimitive::new),
                Arbitraries.just(JsonNull.INSTANCE),
                Arbitraries.just(new JsonArray()),
                Arbitraries.just(new JsonObject()));
    }
}
