package example.commonsemail;

import java.io.FileInputStream;
import java.io.InputStream;
import java.util.Properties;
import org.apache.commons.mail2.core.EmailException;
import org.apache.commons.mail2.jakarta.SimpleEmail;

/**
 * An ordinary Apache Commons Email application: server, port and address come from its properties file, the SASL
 * and mail-oauth2 settings from system properties (Commons Email builds its Session on top of them). It sends one
 * message for each subject among its arguments.
 */
public final class Reporter {
    private Reporter() {
    }

    public static void main(String[] args) throws Exception {
        Properties settings = new Properties();
        try (InputStream in = new FileInputStream(args[0])) {
            settings.load(in);
        }
        String address = settings.getProperty("app.user");
        for (int i = 1; i < args.length; i++) {
            try {
                SimpleEmail email = new SimpleEmail();
                email.setHostName(settings.getProperty("app.smtp.host"));
                email.setSmtpPort(Integer.parseInt(settings.getProperty("app.smtp.port")));
                email.setStartTLSEnabled(true);
                email.setStartTLSRequired(true);
                email.setAuthentication(address, "oauth2");
                email.setFrom(address);
                email.addTo(address);
                email.setSubject(args[i]);
                email.setMsg("sent by " + Reporter.class.getName());
                email.send();
                System.out.println("SENT " + args[i]);
            } catch (EmailException e) {
                System.out.println("FAILED " + e + (e.getCause() == null ? "" : " <- " + e.getCause()));
                System.exit(1);
            }
        }
    }
}
