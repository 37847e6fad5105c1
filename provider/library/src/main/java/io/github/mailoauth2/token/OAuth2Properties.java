package io.github.mailoauth2.token;

import java.util.List;
import java.util.Set;

/**
 * Every configuration key mail-oauth2 reads, in one place. A key {@code K} is looked up, first hit
 * wins, as:
 * <ol>
 * <li>{@code mail.<protocol>.oauth2.K} in the JavaMail session's properties (e.g. {@code mail.imaps.oauth2.scope});</li>
 * <li>{@code mail.oauth2.K} in the session's properties;</li>
 * <li>the system property {@code mail.oauth2.K};</li>
 * <li>the environment variable {@code MAIL_OAUTH2_K}, upper case, with {@code -} and {@code .} as {@code _}
 *     (e.g. {@code MAIL_OAUTH2_CLIENT_SECRET}).</li>
 * </ol>
 * {@code docs/configuration.md} documents each key with examples.
 */
public final class OAuth2Properties {
    /**
     * The token source's name: {@code static}, {@code refresh-token}, {@code client-credentials},
     * {@code google-service-account}, {@code command}, or a plug-in's.
     */
    public static final String SOURCE = "source";
    /** A preset of endpoints and scopes: {@code google}, {@code microsoft}, {@code yahoo}. */
    public static final String PRESET = "preset";
    /**
     * The former name of {@link #PRESET}, still read: "provider" also names JavaMail's and the JDK's
     * {@code Provider}. Setting both to different presets is an error.
     */
    public static final String PROVIDER = "provider";
    /** The token endpoint, overriding the preset's. */
    public static final String TOKEN_URL = "token-url";
    /** The authorization endpoint (browser consent), overriding the preset's; used by the command line. */
    public static final String AUTHORIZATION_URL = "authorization-url";
    /** The device authorization endpoint (RFC 8628), overriding the preset's; used by the command line. */
    public static final String DEVICE_URL = "device-url";
    /** Microsoft: the tenant ({@code common}, {@code organizations}, {@code consumers}, a domain or an id). */
    public static final String TENANT = "tenant";
    /** Microsoft: the login host for national clouds, e.g. {@code https://login.microsoftonline.us}. */
    public static final String AUTHORITY = "authority";
    /** The OAuth2 client id. */
    public static final String CLIENT_ID = "client-id";
    /** The client secret; leave unset for public clients. */
    public static final String CLIENT_SECRET = "client-secret";
    /**
     * How the client authenticates at the token endpoint: {@code secret-post} (the default with a
     * secret), {@code secret-basic} (HTTP Basic), {@code private-key-jwt} (an assertion signed with
     * {@link #CLIENT_KEY} or {@link #CLIENT_KEYSTORE}, RFC 7523; the default when one of them is set),
     * {@code none} (a public client; the default without any credential).
     */
    public static final String CLIENT_AUTH = "client-auth";
    /**
     * {@code private-key-jwt}: a PEM file with the client's unencrypted PKCS#8 private key
     * ({@code BEGIN PRIVATE KEY}, RSA or EC P-256); it may hold the certificate too.
     */
    public static final String CLIENT_KEY = "client-key";
    /**
     * {@code private-key-jwt}: a PEM file with the certificate registered for the client; its
     * thumbprints go into each assertion's header ({@code x5t}, {@code x5t#S256}), as Microsoft
     * requires.
     */
    public static final String CLIENT_CERTIFICATE = "client-certificate";
    /** {@code private-key-jwt}: a PKCS#12 file with the client's private key and certificate, instead of PEM files. */
    public static final String CLIENT_KEYSTORE = "client-keystore";
    /** The password of {@link #CLIENT_KEYSTORE}; best kept in the environment ({@code MAIL_OAUTH2_CLIENT_KEYSTORE_PASSWORD}). */
    public static final String CLIENT_KEYSTORE_PASSWORD = "client-keystore-password";
    /**
     * {@code client-assertion}: a file holding a client assertion that another party signs and keeps
     * fresh (Azure workload identity's {@code AZURE_FEDERATED_TOKEN_FILE}, a Kubernetes projected
     * service-account token); read anew for every token request.
     */
    public static final String CLIENT_ASSERTION_FILE = "client-assertion-file";
    /**
     * {@code client-assertion}: a program whose standard output is a client assertion that another
     * party signs (e.g. {@code cat $AZURE_FEDERATED_TOKEN_FILE}, a cloud CLI printing an identity
     * token); run afresh for every token request, instead of {@link #CLIENT_ASSERTION_FILE}.
     */
    public static final String CLIENT_ASSERTION_COMMAND = "client-assertion-command";
    /**
     * {@code google-service-account}: the service account's JSON key file as the Google Cloud console
     * downloads it ({@code client_email}, {@code private_key}, {@code token_uri}).
     */
    public static final String SERVICE_ACCOUNT_FILE = "service-account-file";
    /** Space-separated scopes, overriding the preset's. */
    public static final String SCOPE = "scope";
    /**
     * The token store: a file path (default: {@code ~/.config/mail-oauth2/tokens.json}, or the
     * platform's equivalent), or a location a {@link io.github.mailoauth2.store.TokenStoreFactory} accepts.
     */
    public static final String STORE = "store";
    /**
     * The database user of a {@code jdbc:} store, when the URL does not give it; usually set in the
     * environment, as {@code MAIL_OAUTH2_STORE_USER}.
     */
    public static final String STORE_USER = "store-user";
    /**
     * The database password of a {@code jdbc:} store, when the URL does not give it; usually set in
     * the environment, as {@code MAIL_OAUTH2_STORE_PASSWORD}.
     */
    public static final String STORE_PASSWORD = "store-password";
    /**
     * A database store's encryption key: 32 random bytes in base64. When set, refresh and access
     * tokens are kept encrypted (AES-256-GCM) in the table; usually set in the environment, as
     * {@code MAIL_OAUTH2_STORE_KEY}.
     */
    public static final String STORE_KEY = "store-key";
    /**
     * The store entry whose token logs in; defaults to the user given to {@code connect}, which stays the login
     * name: a shared mailbox opens with the token of a delegate that has Full Access on it.
     */
    public static final String ACCOUNT = "account";
    /** A refresh token to start from when the store has none for the account. */
    public static final String REFRESH_TOKEN = "refresh-token";
    /** Seconds before expiry at which a token is refreshed (default 300). */
    public static final String REFRESH_MARGIN = "refresh-margin";
    /**
     * {@code refresh-token}: refresh every stored account of this client that has not been refreshed for
     * this long, even when nothing connects, so that the provider does not drop an unused refresh
     * token (Microsoft: after 90 days). A number of days, or a number with a unit {@code s}, {@code m},
     * {@code h} or {@code d} ({@code 12h}); 10 seconds to 3650 days. Off by default.
     */
    public static final String KEEP_ALIVE = "keep-alive";
    /** Seconds a token request may take, retries and the wait for the token store included (default 30). */
    public static final String TIMEOUT = "timeout";
    /** The program that prints a token, for the {@code command} source. */
    public static final String COMMAND = "command";
    /**
     * Whether tokens and secrets may cross an unencrypted connection (an {@code http://} token
     * endpoint, a mail connection without TLS): {@code loopback} (the default: only to this machine,
     * {@code localhost}, {@code 127.0.0.0/8}, {@code ::1}), {@code true} (to any host: test rigs
     * only), {@code false} (never).
     */
    public static final String ALLOW_PLAINTEXT = "allow-plaintext";

    /**
     * An HTTP proxy for the token endpoint only, {@code http://host:port}: https requests cross it in a
     * CONNECT tunnel. Unset: the JVM's own proxy settings ({@code https.proxyHost}, ...) apply.
     * {@code env} opts in to the containers' convention: the proxy in {@code HTTPS_PROXY} (else
     * {@code https_proxy}), with Basic credentials in its user info, and the hosts that go around it in
     * {@code NO_PROXY} (else {@code no_proxy}); these variables are read only then, and without
     * {@code HTTPS_PROXY} it is as if {@code proxy} were unset.
     * {@code docs/network.md} says more.
     */
    public static final String PROXY = "proxy";
    /** The user name for Basic authentication at {@link #PROXY}. */
    public static final String PROXY_USER = "proxy-user";
    /** The password of {@link #PROXY_USER}; best kept in the environment ({@code MAIL_OAUTH2_PROXY_PASSWORD}). */
    public static final String PROXY_PASSWORD = "proxy-password";
    /**
     * A trust store (PKCS#12 or JKS file) with the CA that signs the token endpoint's certificate, a
     * private CA: used for the token endpoint only, instead of the JVM's default trust.
     */
    public static final String TRUST_STORE = "trust-store";
    /** The password of {@link #TRUST_STORE}, if it has one; best kept in the environment ({@code MAIL_OAUTH2_TRUST_STORE_PASSWORD}). */
    public static final String TRUST_STORE_PASSWORD = "trust-store-password";

    /** All of the above: a key under an {@code oauth2} prefix that is not here (or a plug-in's) is a misspelling. */
    public static final Set<String> ALL = Set.copyOf(List.of(SOURCE, PRESET, PROVIDER, TOKEN_URL, AUTHORIZATION_URL, DEVICE_URL, TENANT, AUTHORITY, CLIENT_ID,
            CLIENT_SECRET, CLIENT_AUTH, CLIENT_KEY, CLIENT_CERTIFICATE, CLIENT_KEYSTORE, CLIENT_KEYSTORE_PASSWORD,
            CLIENT_ASSERTION_FILE, CLIENT_ASSERTION_COMMAND, SERVICE_ACCOUNT_FILE, SCOPE, STORE, STORE_USER, STORE_PASSWORD, STORE_KEY, ACCOUNT,
            REFRESH_TOKEN, REFRESH_MARGIN, KEEP_ALIVE, TIMEOUT, COMMAND, ALLOW_PLAINTEXT,
            PROXY, PROXY_USER, PROXY_PASSWORD, TRUST_STORE, TRUST_STORE_PASSWORD));

    private OAuth2Properties() {
    }
}
