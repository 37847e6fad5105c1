package io.github.mailoauth2.internal.sources;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.mailoauth2.internal.ServerText;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OAuth2 error answer (RFC 6749 section 5.2), its server text cleaned, and what the user should
 * do about it.
 *
 * @param error the error code, e.g. {@code invalid_client}
 * @param description the {@code error_description}, cleaned, or {@code null}
 */
record OAuth2Error(String error, String description) {
    private static final Pattern AADSTS = Pattern.compile("AADSTS\\d+");

    /**
     * The error {@code body} carries, or {@code null} if it is not an OAuth2 error answer.
     *
     * @param secrets what the request sent that must not be shown, even when the server echoes it
     */
    static OAuth2Error read(byte[] body, Collection<String> secrets) {
        JsonObject json = TokenResponseParser.object(body);
        String error = json == null ? null : string(json.get("error"));
        if (error == null || error.isBlank()) {
            return null;
        }
        return new OAuth2Error(ServerText.clean(error, secrets), ServerText.clean(string(json.get("error_description")), secrets));
    }

    private static String string(JsonElement element) {
        return element != null && element.isJsonPrimitive() && element.getAsJsonPrimitive().isString()
                ? element.getAsString() : null;
    }

    /** The error, Microsoft's AADSTS code if the description has one, and the description. */
    String summary() {
        Matcher code = AADSTS.matcher(description == null ? "" : description);
        return error + (code.find() ? " [" + code.group() + "]" : "") + (description == null || description.isEmpty()
                ? "" : " (" + description + ")");
    }

    /**
     * What to do, as a sentence.
     *
     * @param grantType the grant the request used
     * @param scope the scope the request sent, empty if none
     */
    String advice(String grantType, String scope) {
        switch (error) {
            case "invalid_client":
                return "The client id or secret is wrong or the secret has expired (Microsoft: AADSTS7000215/7000222);"
                        + " create a new secret or check client-id/client-secret; with a key, check that the certificate"
                        + " registered for the client is the key's (Microsoft: AADSTS700027)";
            case "invalid_scope":
                return scope.isEmpty() ? "No scope was sent and the server wants one; set scope"
                        : "The server does not grant the scope sent, \"" + scope + "\"; check scope and the app's permissions";
            case "unauthorized_client":
                return "This client may not use the " + grantType + " grant; allow it in the app registration";
            case "unsupported_grant_type":
                return "The server does not support the " + grantType + " grant; check token-url and source";
            case "invalid_grant":
                return "The grant (" + grantType + ") is invalid, expired or revoked; authorize again";
            case "invalid_request":
                return "The server finds the request malformed; check token-url, client-auth and scope";
            case "access_denied":
                return "The server denied access; check the app registration's permissions and consent";
            default:
                return "Retrying will not help; check the configuration against the server's description";
        }
    }
}
