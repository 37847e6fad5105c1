package example.javaxapp;

import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.Session;
import javax.mail.Store;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;
import java.io.FileInputStream;
import java.io.InputStream;
import java.util.Properties;

/**
 * An ordinary javax.mail 1.6 application: it knows nothing of mail-oauth2 and is configured by a
 * properties file only. The password comes from $APP_PASSWORD, as a deployed app reads a secret.
 *
 * <p>{@code MailApp PROPS imap [SUBJECT]} logs in, opens INBOX and says whether a message with
 * that subject is there; {@code MailApp PROPS send SUBJECT} sends a message to the user.
 */
public final class MailApp {
    public static void main(String[] args) throws Exception {
        Properties props = new Properties();
        try (InputStream in = new FileInputStream(args[0])) {
            props.load(in);
        }
        String user = props.getProperty("app.user");
        String password = System.getenv("APP_PASSWORD");
        Session session = Session.getInstance(props);
        try {
            if (args[1].equals("send")) {
                MimeMessage message = new MimeMessage(session);
                message.setFrom(new InternetAddress(user));
                message.setRecipients(Message.RecipientType.TO, user);
                message.setSubject(args[2]);
                message.setText("sent by " + MailApp.class.getName());
                Transport transport = session.getTransport(props.getProperty("app.smtp.protocol"));
                transport.connect(props.getProperty("app.smtp.host"), Integer.parseInt(props.getProperty("app.smtp.port")), user, password);
                transport.sendMessage(message, message.getAllRecipients());
                System.out.println("SENT " + transport.getClass().getName());
                transport.close();
            } else {
                Store store = session.getStore(props.getProperty("app.imap.protocol"));
                store.connect(props.getProperty("app.imap.host"), Integer.parseInt(props.getProperty("app.imap.port")), user, password);
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                System.out.println("IMAP OK " + store.getClass().getName() + " messages=" + inbox.getMessageCount());
                for (Message m : inbox.getMessages()) {
                    if (args.length > 2 && args[2].equals(m.getSubject())) {
                        System.out.println("FOUND " + m.getSubject());
                    }
                }
                inbox.close(false);
                store.close();
            }
        } catch (Exception e) {
            System.out.println("FAILED " + e.getClass().getName() + ": " + e.getMessage());
            System.exit(1);
        }
    }
}
