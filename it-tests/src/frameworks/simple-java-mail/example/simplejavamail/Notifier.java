package example.simplejavamail;

import org.simplejavamail.api.mailer.Mailer;
import org.simplejavamail.email.EmailBuilder;
import org.simplejavamail.mailer.MailerBuilder;

/**
 * An ordinary Simple Java Mail application: its mailer comes from {@code simplejavamail.properties} on the class path
 * (server, credentials, transport strategy, default sender and recipient, extra Session properties), nothing in code.
 * It checks the connection, then sends one message for each subject among its arguments (the first argument, the
 * harness's properties file, is not a subject).
 */
public final class Notifier {
    private Notifier() {
    }

    public static void main(String[] args) {
        Mailer mailer = MailerBuilder.buildMailer();
        try {
            mailer.testConnection();
            System.out.println("CONNECTED");
            for (int i = 1; i < args.length; i++) {
                mailer.sendMail(EmailBuilder.startingBlank().withSubject(args[i]).withPlainText("sent by " + Notifier.class.getName())
                        .buildEmail());
                System.out.println("SENT " + args[i]);
            }
        } catch (RuntimeException e) {
            System.out.println("FAILED " + e + (e.getCause() == null ? "" : " <- " + e.getCause()));
            System.exit(1);
        }
    }
}
