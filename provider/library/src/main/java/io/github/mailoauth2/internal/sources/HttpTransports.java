package io.github.mailoauth2.internal.sources;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.javanet.NetHttpTransport;
import io.github.mailoauth2.internal.ServerText;
import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.OAuth2Properties;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * How the token endpoint is reached: through {@code proxy} (https in a CONNECT tunnel of our own,
 * with Basic credentials if set, so the JVM's global proxy and authentication settings stay
 * untouched) or else the JVM's proxy settings; trusting {@code trust-store} or else the JVM's
 * default trust. Plain http (a test rig on this machine) is not proxied by {@code proxy}.
 */
final class HttpTransports {
    /** The JVM's proxy settings and trust. */
    static final Route DEFAULT = new Route(new NetHttpTransport(), "a private CA must be in a trust store set in "
            + OAuth2Properties.TRUST_STORE);

    /** google-http-client's switch to its own proxy from https.proxyHost/https.proxyPort, bypassing the ProxySelector. */
    static final String GOOGLE_PROXY_FLAG = "com.google.api.client.should_use_proxy";

    private HttpTransports() {
    }

    /**
     * A transport and what it goes through, for messages.
     *
     * @param trustAdvice what to do about a certificate that is not trusted
     */
    record Route(HttpTransport transport, String trustAdvice) {
    }

    static Route of(OAuth2Config config) throws ConfigurationException {
        return of(config, System::getenv);
    }

    /** With {@code environment} for {@code proxy=env}'s variables, which nothing else reads. */
    static Route of(OAuth2Config config, UnaryOperator<String> environment) throws ConfigurationException {
        String proxy = config.get(OAuth2Properties.PROXY).orElse(null);
        boolean optedIn = EnvironmentProxy.OPT_IN.equalsIgnoreCase(proxy);
        EnvironmentProxy fromEnvironment = optedIn ? EnvironmentProxy.read(environment, config.where(OAuth2Properties.PROXY)) : null;
        if (optedIn && fromEnvironment == null) {
            proxy = null; // no HTTPS_PROXY here: as without proxy
        }
        String trustStore = config.get(OAuth2Properties.TRUST_STORE).orElse(null);
        if (proxy == null) {
            for (String key : List.of(OAuth2Properties.PROXY_USER, OAuth2Properties.PROXY_PASSWORD)) {
                if (config.get(key).isPresent()) {
                    throw new ConfigurationException(config.where(key) + " is set but " + config.where(OAuth2Properties.PROXY)
                            + (optedIn ? " is env and neither HTTPS_PROXY nor https_proxy is set"
                            : " is not; set it to the proxy's http://host:port (the JVM's proxy settings take no credentials from us)"));
                }
            }
            if (trustStore == null) {
                return DEFAULT;
            }
        }
        SSLSocketFactory tls = trustStore == null ? (SSLSocketFactory) SSLSocketFactory.getDefault() : trusting(config, trustStore);
        NetHttpTransport.Builder builder = new NetHttpTransport.Builder();
        if (proxy != null) {
            if (System.getProperty(GOOGLE_PROXY_FLAG) != null) {
                // it makes Google's client take https.proxyHost whatever it is told: ours would be ignored
                throw new ConfigurationException(config.where(OAuth2Properties.PROXY) + " is set, and so is the system property "
                        + GOOGLE_PROXY_FLAG + ", which sends the token requests to https.proxyHost instead; remove one of them");
            }
            builder.setProxy(Proxy.NO_PROXY); // the tunnel below is the proxy; nothing else may pick another
            tls = fromEnvironment == null
                    ? new ProxyTunnel(tls, proxyAddress(config, proxy), config.where(OAuth2Properties.PROXY), authorization(config),
                            (host, port) -> false)
                    : new ProxyTunnel(tls, fromEnvironment.address, fromEnvironment.where, authorization(config, fromEnvironment),
                            fromEnvironment::bypasses);
        }
        return new Route(builder.setSslSocketFactory(tls).build(), trustStore == null
                ? "a private CA must be in a trust store set in " + config.where(OAuth2Properties.TRUST_STORE)
                : "its CA must be in " + config.where(OAuth2Properties.TRUST_STORE) + " (\"" + ServerText.clean(trustStore, List.of())
                + "\"), the only certificates trusted for the token endpoint");
    }

    /**
     * The host of the JVM-wide proxy that a plain-http request to {@code target} would cross, if any:
     * google-http-client's switch sends everything to {@code https.proxyHost}, and the JDK's
     * ProxySelector may pick one ({@code http.proxyHost}, system proxies, {@code <-loopback>}).
     * ({@code proxy} never carries plain http.)
     */
    static String plainHttpProxy(URI target) {
        if (System.getProperty(GOOGLE_PROXY_FLAG) != null) {
            return System.getProperty("https.proxyHost");
        }
        ProxySelector selector = ProxySelector.getDefault();
        for (Proxy proxy : selector == null ? List.<Proxy>of() : selector.select(target)) {
            if (proxy.type() != Proxy.Type.DIRECT && proxy.address() instanceof InetSocketAddress address) {
                return address.getHostString();
            }
        }
        return null;
    }

    /** {@code http://host:port}: no credentials in it (they go in proxy-user, proxy-password), no path. */
    private static URI proxyAddress(OAuth2Config config, String value) throws ConfigurationException {
        String problem;
        try {
            URI uri = new URI(value.strip());
            if (!"http".equalsIgnoreCase(uri.getScheme())) {
                problem = "not an http://host:port URL (the proxy is spoken to in plain HTTP, https crosses it in a tunnel)";
            } else if (uri.getRawUserInfo() != null) {
                // no secret in a key that is shown: say so without echoing the value
                throw new ConfigurationException(config.where(OAuth2Properties.PROXY) + " holds credentials; put them in "
                        + config.where(OAuth2Properties.PROXY_USER) + " and " + config.where(OAuth2Properties.PROXY_PASSWORD)
                        + " (best in the environment, MAIL_OAUTH2_PROXY_PASSWORD)");
            } else if (uri.getHost() == null || uri.getPort() < 0) {
                problem = "it needs a host and a port";
            } else if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")
                    || uri.getRawQuery() != null) {
                problem = "a proxy is a host and a port, without a path";
            } else {
                return uri;
            }
        } catch (URISyntaxException e) {
            problem = "not a URL (" + ServerText.clean(e.getReason(), List.of()) + ")";
        }
        throw new ConfigurationException(config.where(OAuth2Properties.PROXY) + " is \"" + ServerText.clean(value, List.of())
                + "\": " + problem);
    }

    /** {@code HTTPS_PROXY}'s credentials, else those of {@code proxy-user} and {@code proxy-password}, not both. */
    private static String authorization(OAuth2Config config, EnvironmentProxy proxy) throws ConfigurationException {
        if (proxy.user == null) {
            return authorization(config);
        }
        if (config.get(OAuth2Properties.PROXY_USER).isPresent()) {
            throw new ConfigurationException(proxy.where + " holds credentials, and " + config.where(OAuth2Properties.PROXY_USER)
                    + " is set too; keep them in one place");
        }
        return basic(proxy.user, proxy.password);
    }

    /** The {@code Proxy-Authorization} value, or {@code null} without {@code proxy-user}. */
    private static String authorization(OAuth2Config config) throws ConfigurationException {
        String user = config.get(OAuth2Properties.PROXY_USER).orElse(null);
        if (user == null) {
            if (config.get(OAuth2Properties.PROXY_PASSWORD).isPresent()) {
                throw new ConfigurationException(config.where(OAuth2Properties.PROXY_PASSWORD) + " is set but "
                        + config.where(OAuth2Properties.PROXY_USER) + " is not; set the user name too");
            }
            return null;
        }
        String password = config.require(OAuth2Properties.PROXY_PASSWORD, "the proxy's Basic authentication sends it with "
                + config.where(OAuth2Properties.PROXY_USER) + "; best set it in the environment, MAIL_OAUTH2_PROXY_PASSWORD");
        return basic(user, password);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** TLS that trusts what {@code trust-store} holds and nothing else. */
    private static SSLSocketFactory trusting(OAuth2Config config, String path) throws ConfigurationException {
        String where = config.where(OAuth2Properties.TRUST_STORE);
        char[] password = config.get(OAuth2Properties.TRUST_STORE_PASSWORD).map(String::toCharArray).orElse(null);
        KeyStore store;
        try {
            store = KeyStore.getInstance(new File(path), password); // PKCS#12 or JKS, whichever the file is
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : ServerText.clean(e.getMessage(), List.of());
            throw new ConfigurationException(where + " (\"" + ServerText.clean(path, List.of()) + "\") cannot be read as a"
                    + " PKCS#12 or JKS trust store: " + reason + (password == null ? "; if it has a password, set "
                    + config.where(OAuth2Properties.TRUST_STORE_PASSWORD) : "; check " + config.where(OAuth2Properties.TRUST_STORE_PASSWORD)));
        }
        try {
            if (!store.aliases().hasMoreElements()) {
                throw new ConfigurationException(where + " (\"" + ServerText.clean(path, List.of()) + "\") holds no certificate");
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new ConfigurationException(where + ": its certificates cannot be used for TLS: "
                    + ServerText.clean(String.valueOf(e.getMessage()), List.of()).toLowerCase(Locale.ROOT));
        }
    }
}
