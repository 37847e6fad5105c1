package io.github.mailoauth2.token;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * How an OAuth2 client proves who it is to the token endpoint (RFC 6749 section 2.3): it adds its
 * credentials to each token request, as form parameters or headers. The token sources choose one
 * from {@code mail.oauth2.client-auth}; a credential type of its own (a signed assertion, say) is an
 * implementation of this interface.
 */
@FunctionalInterface
public interface ClientAuthentication {

    /**
     * Adds the client's credentials to one token request.
     *
     * @param tokenUrl the token endpoint the request goes to (an assertion's audience)
     * @param form the request's form parameters, to add to
     * @param headers the request's HTTP headers, to add to
     * @throws IOException if the credentials cannot be had (a key file that cannot be read, say)
     */
    void authenticate(String tokenUrl, Map<String, String> form, Map<String, String> headers) throws IOException;

    /**
     * A public client (a desktop or device application that keeps no secret): sends its
     * {@code client_id} only.
     *
     * @param clientId the client id
     * @return the authentication
     */
    static ClientAuthentication publicClient(String clientId) {
        Objects.requireNonNull(clientId, "clientId");
        return (tokenUrl, form, headers) -> form.put("client_id", clientId);
    }

    /**
     * {@code client_secret_post}: the client id and secret as form parameters, what most providers
     * document.
     *
     * @param clientId the client id
     * @param clientSecret the client secret
     * @return the authentication
     */
    static ClientAuthentication clientSecretPost(String clientId, String clientSecret) {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        return (tokenUrl, form, headers) -> {
            form.put("client_id", clientId);
            form.put("client_secret", clientSecret);
        };
    }

    /**
     * {@code client_secret_basic}: the client id and secret in an HTTP Basic {@code Authorization}
     * header, each form-encoded first as RFC 6749 section 2.3.1 requires.
     *
     * @param clientId the client id
     * @param clientSecret the client secret
     * @return the authentication
     */
    static ClientAuthentication clientSecretBasic(String clientId, String clientSecret) {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        String credentials = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
        String header = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        return (tokenUrl, form, headers) -> headers.put("Authorization", header);
    }
}
