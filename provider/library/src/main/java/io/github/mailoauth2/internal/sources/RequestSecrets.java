package io.github.mailoauth2.internal.sources;

import com.google.api.client.http.HttpRequest;
import com.google.api.client.http.UrlEncodedContent;
import com.google.api.client.util.Data;
import io.github.mailoauth2.internal.ServerText;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** The secrets a token request sends, collected so that server text and messages never show them. */
final class RequestSecrets {
    /** Form fields that hold no secret; every other value a request sends is redacted from server text. */
    private static final Set<String> PUBLIC_FIELDS = Set.of("grant_type", "scope", "client_id", "redirect_uri");

    private RequestSecrets() {
    }

    /**
     * What a request sends that must never be shown: every form value but the public ones (refresh
     * token, client secret, code, code verifier, device code, assertion), as sent and form-encoded,
     * and the credentials of a Basic {@code Authorization} header.
     */
    static List<String> of(HttpRequest request) {
        List<String> secrets = new ArrayList<>();
        Data.mapOf(UrlEncodedContent.getContent(request).getData()).forEach((name, value) -> {
            if (!PUBLIC_FIELDS.contains(name) && value != null) {
                add(secrets, value instanceof Collection<?> values ? String.join(" ", values.stream().map(String::valueOf).toList())
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
                    add(secrets, URLDecoder.decode(credentials.substring(credentials.indexOf(':') + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    // not Base64: the header itself is redacted
                }
            }
        }
        return secrets;
    }

    private static void add(List<String> secrets, String value) {
        secrets.add(value);
        secrets.add(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    /** {@code e}'s class and message, the message cleaned of control characters and of {@code secrets}. */
    static String describe(Throwable e, Collection<String> secrets) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + ServerText.clean(message, secrets));
    }
}
