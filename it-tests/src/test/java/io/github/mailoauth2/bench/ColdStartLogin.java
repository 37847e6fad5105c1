package io.github.mailoauth2.bench;

import jakarta.mail.Session;
import jakarta.mail.Store;
import java.util.Properties;

/**
 * The whole program that {@link ColdStartBenchmark} runs in a new JVM: one IMAP login with XOAUTH2 through the
 * JavaMail API, as an application that knows nothing of mail-oauth2 does it; whether mail-oauth2 takes part is
 * decided by the class path and the session properties. Last, it prints the {@link System#nanoTime()} at which each step
 * began and ended ({@code steps: MAIN SESSION STORE CONNECT CLOSE}): on Linux the same clock in every process, so the
 * benchmark places them between its own start and end of the process and beside the class-load log's {@code timenanos}.
 *
 * <pre>java -cp ... ColdStartLogin HOST PORT USER PASSWORD [KEY=VALUE ...]</pre>
 */
public final class ColdStartLogin {
    private ColdStartLogin() {
    }

    public static void main(String[] args) throws Exception {
        long main = System.nanoTime();
        Properties props = new Properties();
        props.setProperty("mail.imap.sasl.enable", "true");
        props.setProperty("mail.imap.sasl.mechanisms", "XOAUTH2");
        for (int i = 4; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            props.setProperty(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        Session session = Session.getInstance(props);
        long created = System.nanoTime();
        Store store = session.getStore("imap");
        long got = System.nanoTime();
        store.connect(args[0], Integer.parseInt(args[1]), args[2], args[3]);
        long connected = System.nanoTime();
        store.close();
        long closed = System.nanoTime();
        // a StringBuilder, not +: string concatenation would bootstrap an invokedynamic call site in every variant
        System.out.println(new StringBuilder("steps: ").append(main).append(' ').append(created).append(' ').append(got)
                .append(' ').append(connected).append(' ').append(closed));
    }
}
