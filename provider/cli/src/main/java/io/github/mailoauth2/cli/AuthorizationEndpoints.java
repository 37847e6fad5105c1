package io.github.mailoauth2.cli;

import io.github.mailoauth2.token.OAuth2Properties;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where {@code authorize} sends the user: needed only for servers that no {@code --provider} preset covers. */
final class AuthorizationEndpoints {
    @Option(names = "--authorization-url", paramLabel = "URL",
            description = "The authorization endpoint of any OAuth2 server (instead of --provider).")
    String authorizationUrl;

    @Option(names = "--device-url", paramLabel = "URL", description = "The device authorization endpoint (RFC 8628).")
    String deviceUrl;

    /** Adds these endpoints to the {@code mail.oauth2.*} properties of the client options. */
    Map<String, String> addTo(Map<String, String> props) {
        ClientOptions.put(props, OAuth2Properties.AUTHORIZATION_URL, authorizationUrl);
        ClientOptions.put(props, OAuth2Properties.DEVICE_URL, deviceUrl);
        return props;
    }
}
