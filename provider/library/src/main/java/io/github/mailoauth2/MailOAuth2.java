package io.github.mailoauth2;

import io.github.mailoauth2.internal.javamail.AdapterStartup;
import io.github.mailoauth2.internal.runtime.LibraryRuntime;
import io.github.mailoauth2.internal.sasl.ProviderInstallation;
import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.TokenEventListener;
import io.github.mailoauth2.token.TokenSource;
import java.io.IOException;
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
    public static final String AUTO_INSTALL_PROPERTY = AdapterStartup.AUTO_INSTALL_PROPERTY;

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
        return ProviderInstallation.install();
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
        return LibraryRuntime.tokenSource(protocol, sessionProperties);
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
        LibraryRuntime.current().addListener(listener);
    }

    /**
     * Removes a listener that {@link #addTokenEventListener} added.
     *
     * @param listener the listener
     */
    public static void removeTokenEventListener(TokenEventListener listener) {
        LibraryRuntime.current().removeListener(listener);
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
        LibraryRuntime.current().useTokenSource(name, source);
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
        LibraryRuntime.current().useDataSource(name, dataSource);
    }

    /**
     * Removes the SASL provider and releases what this library holds: every token source with its
     * cached tokens, the threads that refresh them, and the data sources given to
     * {@link #useDataSource}. What an application being undeployed from a
     * running server calls, so that none of its classes stays reachable. Stored refresh tokens stay
     * where they are. A later {@link #install()} or JavaMail session starts afresh.
     */
    public static synchronized void shutdown() {
        ProviderInstallation.uninstall();
        LibraryRuntime.release();
    }
}
