package io.github.mailoauth2.cli;

import io.github.mailoauth2.internal.store.TokenStores;
import io.github.mailoauth2.store.TokenStore;
import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.OAuth2Properties;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Which OAuth2 client, token endpoint and store: the options of every command that gets tokens.
 * Unset options fall back to the library's own configuration ({@code -Dmail.oauth2.*},
 * {@code MAIL_OAUTH2_*}), so a secret can stay in the environment ({@code MAIL_OAUTH2_CLIENT_SECRET}).
 * The authorization endpoints, which only {@code authorize} uses, are {@link AuthorizationEndpoints};
 * the token source, which every command but {@code authorize} uses, is {@link SourceOptions}.
 */
class ClientOptions {
    /** {@code --preset} is the key's name ({@code mail.oauth2.preset}); {@code --provider} its former one. */
    @Option(names = {"--provider", "--preset"}, paramLabel = "NAME",
            description = "Preset endpoints and scopes: google, microsoft or yahoo (--preset is the same).")
    String provider;

    @Option(names = "--client-id", paramLabel = "ID", description = "The OAuth2 client id of your app registration.")
    String clientId;

    @Option(names = "--client-secret", paramLabel = "SECRET",
            description = "The client secret; omit it for public clients, or set MAIL_OAUTH2_CLIENT_SECRET instead.")
    String clientSecret;

    @Option(names = "--client-key", paramLabel = "FILE",
            description = "Instead of a secret: the client's private key (PEM, PKCS#8), to sign an assertion per request"
                    + " (private_key_jwt).")
    String clientKey;

    @Option(names = "--client-certificate", paramLabel = "FILE",
            description = "The certificate registered for --client-key (PEM); Microsoft needs it.")
    String clientCertificate;

    @Option(names = "--client-keystore", paramLabel = "FILE",
            description = "Instead of --client-key: a PKCS#12 file with key and certificate; its password comes from"
                    + " MAIL_OAUTH2_CLIENT_KEYSTORE_PASSWORD, never from the command line.")
    String clientKeystore;

    @Option(names = "--client-assertion-file", paramLabel = "FILE",
            description = "Instead of a secret: a file holding a client assertion that the platform keeps fresh (workload"
                    + " identity, e.g. $AZURE_FEDERATED_TOKEN_FILE).")
    String clientAssertionFile;

    @Option(names = "--client-assertion-command", paramLabel = "COMMAND",
            description = "Instead of a secret: a program that prints a client assertion, run for each token request.")
    String clientAssertionCommand;

    @Option(names = "--scope", paramLabel = "SCOPES", description = "Space-separated scopes (default: the preset's).")
    String scope;

    @Option(names = "--tenant", paramLabel = "TENANT", description = "Microsoft's tenant: common (the default), organizations, consumers, or your own.")
    String tenant;

    @Option(names = "--authority", paramLabel = "URL", description = "Microsoft's sign-in host in a national cloud, such as https://login.microsoftonline.us (default: the global one).")
    String authority;

    @Option(names = "--token-url", paramLabel = "URL", description = "The token endpoint of any OAuth2 server (instead of --provider).")
    String tokenUrl;

    @Option(names = "--store", paramLabel = "STORE", description = HelpLayout.STORE_DESCRIPTION)
    String store;

    /** The {@code mail.oauth2.*} session properties these options stand for. */
    Map<String, String> properties() {
        Map<String, String> props = new HashMap<>();
        put(props, OAuth2Properties.PRESET, provider);
        put(props, OAuth2Properties.CLIENT_ID, clientId);
        put(props, OAuth2Properties.CLIENT_SECRET, clientSecret);
        put(props, OAuth2Properties.CLIENT_KEY, clientKey);
        put(props, OAuth2Properties.CLIENT_CERTIFICATE, clientCertificate);
        put(props, OAuth2Properties.CLIENT_KEYSTORE, clientKeystore);
        put(props, OAuth2Properties.CLIENT_ASSERTION_FILE, clientAssertionFile);
        put(props, OAuth2Properties.CLIENT_ASSERTION_COMMAND, clientAssertionCommand);
        put(props, OAuth2Properties.SCOPE, scope);
        put(props, OAuth2Properties.TENANT, tenant);
        put(props, OAuth2Properties.AUTHORITY, authority);
        put(props, OAuth2Properties.TOKEN_URL, tokenUrl);
        put(props, OAuth2Properties.STORE, store);
        return props;
    }

    static void put(Map<String, String> props, String key, String value) {
        if (value != null) {
            props.put("mail.oauth2." + key, value);
        }
    }

    /** Opened once per command: a database store checks its table on first use, a file store its path. */
    private TokenStore tokenStore;

    /** The store that --store names, else the configured one ({@code mail.oauth2.store}), else the default file. */
    TokenStore tokenStore() throws IOException {
        if (tokenStore == null) {
            tokenStore = TokenStores.open(OAuth2Config.of("imap", properties()));
        }
        return tokenStore;
    }
}
