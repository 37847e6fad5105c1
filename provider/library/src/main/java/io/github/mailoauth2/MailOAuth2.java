package io.github.mailoauth2;

import io.github.mailoauth2.internal.sasl.LoginReport;
import io.github.mailoauth2.internal.sasl.OAuth2SaslProvider;
import io.github.mailoauth2.internal.sources.TokenSourceRegistry;
import io.github.mailoauth2.internal.store.jdbc.JdbcTokenStoreFactory;
import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.TokenEventListener;
import io.github.mailoauth2.token.TokenSource;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.security.Provider;
import java.security.Security;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The entry point: registers the XOAUTH2 and OAUTHBEARER SASL clients so that JavaMail uses them,
 * and holds the token sources they take tokens from.
 *
 * <p>Most applications never call this class: with the jar on the class path, creating a JavaMail
 * {@code Session} installs the provider (set the system property {@value #AUTO_INSTALL_PROPERTY}
 * to {@code false} to prevent that). The Java agent and a {@code security.provider.N} line in
 * {@code java.security} are the other routes; {@code docs/registration.md} compares them. Those who
 * prefer code call {@link #install()} once at start-up, and an application that is undeployed
 * from a running server (a web application) calls {@link #shutdown()}.
 *
 * <p>The provider is put first in the JVM's preference order, ahead of Angus Mail's own XOAUTH2
 * client (which Angus appends on its first SASL login), because {@code Sasl.createSaslClient}
 * takes the first provider that offers a mechanism.
 */
public final class MailOAuth2 {
    /** System property that, set to {@code false}, stops the automatic installation. */
    public static final String AUTO_INSTALL_PROPERTY = "mailoauth2.autoinstall";

    private static final System.Logger LOG = System.getLogger(MailOAuth2.class.getName());
    private static TokenSourceRegistry registry;

    static {
        // logins report their outcome to the listeners of the registry in use, made on first use as for token lookups
        LoginReport.deliverTo((protocol, mechanism, outcome, account, props, detail) ->
                registry().login(protocol, mechanism, outcome, account, props, detail));
    }

    private MailOAuth2() {
    }

    /**
     * Installs the SASL provider first in the preference order; does nothing if it already comes
     * before every other XOAUTH2 provider. Safe to call any number of times from any thread.
     *
     * @return {@code true} if this call installed or moved it
     * @throws SecurityException if a security manager forbids adding security providers, with a
     *         message that says which permission to grant
     */
    public static synchronized boolean install() {
        Provider first = firstXoauth2Provider();
        if (first != null && OAuth2SaslProvider.NAME.equals(first.getName())) {
            return false;
        }
        try {
            if (Security.getProvider(OAuth2SaslProvider.NAME) != null) {
                LOG.log(Level.DEBUG, "moving the " + OAuth2SaslProvider.NAME + " SASL provider ahead of " + first.getName());
                Security.removeProvider(OAuth2SaslProvider.NAME);
            } else if (first != null) {
                LOG.log(Level.DEBUG, "installing the " + OAuth2SaslProvider.NAME + " SASL provider ahead of "
                        + first.getName() + ", which also offers XOAUTH2");
            }
            Security.insertProviderAt(new OAuth2SaslProvider(MailOAuth2::tokenSource), 1);
            return true;
        } catch (SecurityException e) {
            throw new SecurityException("mail-oauth2: the security manager forbids installing the "
                    + OAuth2SaslProvider.NAME + " SASL provider. Grant java.security.SecurityPermission"
                    + " \"insertProvider\" and \"removeProvider." + OAuth2SaslProvider.NAME + "\", or list "
                    + OAuth2SaslProvider.class.getName() + " as security.provider.N in java.security", e);
        }
    }

    /**
     * The token source that a connection's configuration selects, shared by every connection with
     * the same configuration: what the SASL clients ask for a token on each login. Applications
     * that send tokens themselves (an HTTP API, say) can use it too.
     *
     * @param protocol the JavaMail protocol: {@code imap}, {@code imaps}, {@code smtp},
     *        {@code smtps}, {@code pop3} or {@code pop3s}
     * @param sessionProperties the JavaMail session's properties ({@code mail.oauth2.*} and
     *        {@code mail.<protocol>.oauth2.*}); system properties and the environment are read too
     * @return the source
     * @throws ConfigurationException if the configuration names an unknown source, has a misspelled
     *         key, or lacks one the source needs; the message names the key
     * @throws IOException if the source cannot be set up for another reason
     */
    public static TokenSource tokenSource(String protocol, Map<String, ?> sessionProperties) throws IOException {
        return registry().forConnection(protocol, sessionProperties);
    }

    /**
     * Adds a listener for the token events of every built-in token source: tokens refreshed, refreshes
     * failed, re-authorizations needed, tokens rejected ({@link TokenEventListener}); and for the outcome of
     * every login with a bearer token, whatever the source ({@link TokenEventListener#onLogin}). Listeners listed in
     * {@code META-INF/services/io.github.mailoauth2.token.TokenEventListener} need no call. {@link #shutdown()}
     * drops both kinds.
     *
     * @param listener the listener
     */
    public static void addTokenEventListener(TokenEventListener listener) {
        registry().addListener(java.util.Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Removes a listener that {@link #addTokenEventListener} added.
     *
     * @param listener the listener
     */
    public static void removeTokenEventListener(TokenEventListener listener) {
        registry().removeListener(listener);
    }

    /**
     * Hands the library a token source that the application made (wrapping MSAL4J, azure-identity, or its own
     * OAuth2 client: {@code docs/extending.md}); sessions select it with {@code mail.oauth2.source=NAME}, or
     * {@code mail.<protocol>.oauth2.source=NAME} for one protocol:
     * <pre>{@code
     * MailOAuth2.useTokenSource("entra", new MsalTokenSource(app));   // and mail.oauth2.source=entra
     * }</pre>
     * It is treated as a built-in source is: asked for a token on every login, told through
     * {@link TokenSource#rejected} when a server rejects one, and asked once more for the login's single retry.
     * It must be thread-safe and should cache its tokens. A later call with the same name replaces it;
     * {@link #shutdown()} removes every one.
     *
     * @param name the name sessions select it with
     * @param source the source, or {@code null} to remove the name
     * @throws IllegalArgumentException if {@code name} is blank, or a built-in or plug-in source's name
     *         ({@code static}, {@code refresh-token}, ...)
     */
    public static void useTokenSource(String name, TokenSource source) {
        registry().useTokenSource(name, source);
    }

    /**
     * Makes the application's own database connections the token store that
     * {@code mail.oauth2.store=datasource:NAME} selects: one table, {@code mail_oauth2_tokens}, created on
     * first use, shared by every instance that uses the same database ({@code docs/fleet.md}). With a
     * connection pool (Spring Boot's {@code DataSource} bean, say), call it once at start-up:
     * <pre>{@code
     * MailOAuth2.useDataSource("mail", dataSource);   // and mail.oauth2.store=datasource:mail
     * }</pre>
     * The store takes a connection per operation and closes it, which returns it to the pool.
     * {@code mail.oauth2.store-key} encrypts the tokens in the table, as for a {@code jdbc:} URL.
     *
     * @param name the name after {@code datasource:}
     * @param dataSource where connections come from, or {@code null} to remove the name
     */
    public static void useDataSource(String name, DataSource dataSource) {
        JdbcTokenStoreFactory.register(name, dataSource);
    }

    /**
     * Removes the SASL provider and releases what this library holds: every token source with its
     * cached tokens, the threads that refresh them, and the data sources given to
     * {@link #useDataSource}. What an application being undeployed from a
     * running server calls, so that none of its classes stays reachable. Stored refresh tokens stay
     * where they are. A later {@link #install()} or JavaMail session starts afresh.
     */
    public static synchronized void shutdown() {
        if (Security.getProvider(OAuth2SaslProvider.NAME) != null) {
            Security.removeProvider(OAuth2SaslProvider.NAME);
        }
        if (registry != null) {
            registry.close();
            registry = null;
        }
        JdbcTokenStoreFactory.clear();
    }

    private static synchronized TokenSourceRegistry registry() {
        if (registry == null) {
            registry = new TokenSourceRegistry();
        }
        return registry;
    }

    private static Provider firstXoauth2Provider() {
        Provider[] providers = Security.getProviders("SaslClientFactory.XOAUTH2");
        return providers == null ? null : providers[0];
    }
}
