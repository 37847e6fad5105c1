package io.github.mailoauth2.internal.angus;

import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.pop3.POP3Folder;
import org.eclipse.angus.mail.pop3.POP3Store;

/** A POP3 folder whose {@code open}, which makes a new connection, logs in like its store (see {@link Pop3TokenLogin#open}). */
final class TokenRenewingPop3Folder extends POP3Folder {
    private final Pop3TokenLogin login;

    TokenRenewingPop3Folder(POP3Store store, String name, Pop3TokenLogin login) {
        super(store, name);
        this.login = login;
    }

    @Override
    public synchronized void open(int mode) throws MessagingException {
        login.open(() -> super.open(mode));
    }
}
