package io.github.mailoauth2.internal.sources;

import com.google.api.client.http.HttpExecuteInterceptor;
import com.google.api.client.http.UrlEncodedContent;
import com.google.api.client.util.Data;
import io.github.mailoauth2.token.ClientAuthentication;
import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.OAuth2Properties;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How the client authenticates at the token endpoint: the configured method, and applying it to a request. */
final class ClientAuthentications {
    private ClientAuthentications() {
    }

    /**
     * {@code client-auth}; by default the secret in the form if there is one, else an assertion signed
     * with the key if one is configured, else the assertion in a file if one is, else none (a public client).
     */
    static ClientAuthentication configured(OAuth2Config config, String clientId, Clock clock) throws ConfigurationException {
        String secret = config.get(OAuth2Properties.CLIENT_SECRET).orElse(null);
        String method = config.get(OAuth2Properties.CLIENT_AUTH).orElse(secret != null ? "secret-post"
                : ClientKey.configured(config) ? "private-key-jwt"
                : assertionConfigured(config) ? "client-assertion" : "none");
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
    static boolean assertionConfigured(OAuth2Config config) {
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

    /**
     * {@code authentication} as Google's client applies it to a token request to {@code url}: its form fields added,
     * its headers set. An {@code Authorization} header is refused while the JDK's HTTP log would write it out.
     */
    static HttpExecuteInterceptor interceptor(ClientAuthentication authentication, String url) {
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
}
