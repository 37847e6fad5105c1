package io.github.mailoauth2.internal.javamail;

import javax.mail.Provider;

/**
 * Listed in this jar's {@code META-INF/services/javax.mail.Provider}: a {@code javax.mail} 1.6 session (Spring Boot
 * 2.x) instantiates it, the only moment mail-oauth2's library sees that JavaMail; it warns if the adapters for it
 * ({@code mail-oauth2-javax}) are missing (see {@link MissingAdapters}). Its protocol is a private name that no
 * application asks for.
 */
public final class JavaxAdaptersCheck extends Provider {
    public JavaxAdaptersCheck() {
        super(Type.STORE, "mail-oauth2-javax-check", JavaxAdaptersCheck.class.getName(), "mail-oauth2", null);
        MissingAdapters.check(JavaxAdaptersCheck.class.getClassLoader(), "com.sun.mail.imap.IMAPStore",
                "io.github.mailoauth2.internal.javax.OAuth2ImapStore", "mail-oauth2-javax",
                "javax.mail 1.6 or jakarta.mail 1.6 (the javax.mail API, as Spring Boot 2 ships it)");
    }
}
