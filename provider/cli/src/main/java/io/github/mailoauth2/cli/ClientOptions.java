package io.github.mailoauth2.cli;

import io.github.mailoauth2.internal.store.StorePaths;
import io.github.mailoauth2.internal.store.TokenStores;
import io.github.mailoauth2.store.TokenStore;
import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.OAuth2Properties;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Which OAuth2 client and account: the options every command shares. Unset options fall back to
 * the library's own configuration ({@code -Dmail.oauth2.*}, {@code MAIL_OAUTH2_*}), so a secret can
 * stay in the environment ({@code MAIL_OAUTH2_CLIENT_SECRET}).
 */
final class ClientOptions {
    @Option(names = "--provider", paramLabel = "NAME", description = "Preset endpoints and scopes: google, microsoft, yahoo.")
    String provider;

    @Option(names = "--client-id", paramLabel = "ID", description = "The OAuth2 client id of your app registration.")
    String clientId;

    @Option(names = "--client-secret", paramLabel = "SECRET",
            description = "The client secret; omit for public clients. Or set MAIL_OAUTH2_CLIENT_SECRET.")
    String clientSecret;

    @Option(names = "--scope", paramLabel = "SCOPES", description = "Space-separated scopes (default: the preset's).")
    String scope;

    @Option(names = "--tenant", paramLabel = "TENANT", description = "Microsoft: common, organizations, consumers, or your tenant.")
    String tenant;

    @Option(names = "--authority", paramLabel = "URL", description = "Microsoft national clouds, e.g. https://login.microsoftonline.us")
    String authority;

    @Option(names = "--token-url", paramLabel = "URL", description = "Token endpoint of any OAuth2 server.")
    String tokenUrl;

    @Option(names = "--authorization-url", paramLabel = "URL", description = "Authorization endpoint of any OAuth2 server.")
    String authorizationUrl;

    @Option(names = "--device-url", paramLabel = "URL", description = "Device authorization endpoint (RFC 8628).")
    String deviceUrl;

    @Option(names = "--store", paramLabel = "STORE", description = "The token store: a file, or a database (jdbc:...) (default: ${DEFAULT-VALUE}).")
    String store = StorePaths.defaultPath().toString();

    /** These options as the library's configuration keys, for {@code protocol}. */
    OAuth2Config config(String protocol) {
        return OAuth2Config.of(protocol, properties());
    }

    /** The {@code mail.oauth2.*} session properties these options stand for. */
    Map<String, String> properties() {
        Map<String, String> props = new HashMap<>();
        put(props, OAuth2Properties.PROVIDER, provider);
        put(props, OAuth2Properties.CLIENT_ID, clientId);
        put(props, OAuth2Properties.CLIENT_SECRET, clientSecret);
        put(props, OAuth2Properties.SCOPE, scope);
        put(props, OAuth2Properties.TENANT, tenant);
        put(props, OAuth2Properties.AUTHORITY, authority);
        put(props, OAuth2Properties.TOKEN_URL, tokenUrl);
        put(props, OAuth2Properties.AUTHORIZATION_URL, authorizationUrl);
        put(props, OAuth2Properties.DEVICE_URL, deviceUrl);
        put(props, OAuth2Properties.STORE, store);
        return props;
    }

    private static void put(Map<String, String> props, String key, String value) {
        if (value != null) {
            props.put("mail.oauth2." + key, value);
        }
    }

    TokenStore tokenStore() throws IOException {
        return TokenStores.open(config("imap"));
    }
}
