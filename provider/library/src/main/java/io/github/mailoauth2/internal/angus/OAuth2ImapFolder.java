package io.github.mailoauth2.internal.angus;

import jakarta.mail.MessagingException;
import jakarta.mail.event.MailEvent;
import java.util.List;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.ResyncData;
import org.eclipse.angus.mail.imap.protocol.ListInfo;

/**
 * A folder of a mail-oauth2 IMAP store. Opening it may log in on a new pooled connection, whose
 * failure JavaMail reports as a bare "connection failure": the reason goes into the exception here.
 */
final class OAuth2ImapFolder extends IMAPFolder {
    private final String protocol;
    private final String host;

    OAuth2ImapFolder(String fullName, char separator, IMAPStore store, Boolean isNamespace, String protocol, String host) {
        super(fullName, separator, store, isNamespace);
        this.protocol = protocol;
        this.host = host;
    }

    OAuth2ImapFolder(ListInfo li, IMAPStore store, String protocol, String host) {
        super(li, store);
        this.protocol = protocol;
        this.host = host;
    }

    @Override
    public synchronized List<MailEvent> open(int mode, ResyncData rd) throws MessagingException {
        @SuppressWarnings("unchecked")
        List<MailEvent>[] events = new List[1];
        Logins.withReason(null, protocol, host, -1, () -> {
            events[0] = super.open(mode, rd);
            return true;
        });
        return events[0];
    }
}
