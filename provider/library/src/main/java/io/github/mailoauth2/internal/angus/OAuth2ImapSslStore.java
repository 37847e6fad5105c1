package io.github.mailoauth2.internal.angus;

import jakarta.mail.Session;
import jakarta.mail.URLName;

/** JavaMail's {@code imaps} store: {@link OAuth2ImapStore} with TLS from the start, as {@code IMAPSSLStore} is {@code IMAPStore}'s. */
public class OAuth2ImapSslStore extends OAuth2ImapStore {
    public OAuth2ImapSslStore(Session session, URLName url) {
        super(session, url, "imaps", true);
    }
}
