package io.github.mailoauth2.bench;

import jakarta.mail.Session;
import jakarta.mail.Store;
import java.util.Properties;

/**
 * The whole program that {@link ColdStartBenchmark} runs in a new JVM: one IMAP login with XOAUTH2 through the
 * JavaMail API, as an application that knows nothing of mail-oauth2 does it; whether mail-oauth2 takes part is
 * decided by the class path and the session properties.
 *
 * <pre>java -cp ... ColdStartLogin HOST PORT USER PASSWORD [KEY=VALUE ...]</pre>
 */
public final class ColdStartLogin {
    private ColdStartLogin() {
    }

    public static void main(String[] args) throws Exception {
        Properties props = new Properties();
        props.setProperty("mail.imap.sasl.enable", "true");
        props.setProperty("mail.imap.sasl.mechanisms", "XOAUTH2");
        for (int i = 4; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            props.setProperty(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        Store store = Session.getInstance(props).getStore("imap");
        store.connect(args[0], Integer.parseInt(args[1]), args[2], args[3]);
        store.close();
    }
}
