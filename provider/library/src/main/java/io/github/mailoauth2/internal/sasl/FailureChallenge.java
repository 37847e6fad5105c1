package io.github.mailoauth2.internal.sasl;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.mailoauth2.internal.ServerText;
import io.github.mailoauth2.token.TokenRejection;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import javax.security.sasl.SaslException;

/**
 * Decodes the JSON a server sends when it rejects a bearer token, e.g.
 * {@code {"status":"401","schemes":"bearer","scope":"https://mail.google.com/"}}.
 * Anything else (binary data, truncated or non-object JSON, no status, megabytes) is a
 * {@link SaslException} that says what was wrong; no input makes it throw anything else.
 */
final class FailureChallenge {
    /** Real failure documents are a few hundred bytes; refuse to parse anything absurd. */
    static final int MAX_BYTES = 16 * 1024;

    private FailureChallenge() {
    }

    static TokenRejection parse(String mechanism, byte[] challenge, Collection<String> secrets) throws SaslException {
        if (challenge.length == 0) {
            throw malformed(mechanism, "it is empty");
        }
        if (challenge.length > MAX_BYTES) {
            throw malformed(mechanism, "it is " + challenge.length + " bytes long, at most " + MAX_BYTES + " expected");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(challenge)).toString();
        } catch (CharacterCodingException e) {
            throw malformed(mechanism, "it is binary data, not UTF-8 text");
        }
        JsonObject json;
        try {
            JsonElement element = JsonParser.parseString(text);
            if (!element.isJsonObject()) {
                throw malformed(mechanism, "it is not a JSON object");
            }
            json = element.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw malformed(mechanism, "it is not valid JSON");
        }
        String status = field(json, "status", secrets);
        if (status == null) {
            throw malformed(mechanism, "it has no \"status\"");
        }
        return new TokenRejection(mechanism, status, field(json, "schemes", secrets), field(json, "scope", secrets),
                field(json, "openid-configuration", secrets));
    }

    /** The values end up in log lines and exception messages: cleaned, and the token redacted if echoed. */
    private static String field(JsonObject json, String name, Collection<String> secrets) {
        JsonElement value = json.get(name);
        if (value == null || !value.isJsonPrimitive()) {
            return null;
        }
        String text = ServerText.clean(value.getAsString(), secrets);
        return text.isEmpty() ? null : text;
    }

    private static SaslException malformed(String mechanism, String what) {
        return new SaslException(mechanism + ": the server's failure challenge is malformed: " + what
                + ". The server is not speaking " + mechanism + " as expected; check the host, port and mechanism");
    }
}
