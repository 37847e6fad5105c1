package example.jakartaapp;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.FileInputStream;
import java.io.InputStream;
import java.util.Properties;

/**
 * An ordinary Angus Mail application: it knows nothing of mail-oauth2 and is configured by a
 * properties file only. The password comes from $APP_PASSWORD, as a deployed app reads a secret.
 *
 * <p>{@code MailApp PROPS imap [SUBJECT]} logs in, opens INBOX and says whether a message with
 * that subject is there; {@code MailApp PROPS send SUBJECT} sends a message to the user;
 * {@code MailApp PROPS pop3} logs in over POP3 and counts the messages;
 * {@code MailApp PROPS parallel N} makes N IMAP logins at the same moment; {@code MailApp PROPS soak
 * SECONDS PAUSE} logs in over IMAP (and POP3 if configured) and sends over SMTP every PAUSE seconds,
 * as a long-running app does; {@code MailApp PROPS steps STEP...} runs several of these in one JVM
 * (see {@link #steps}).
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
            switch (args[1]) {
                case "send":
                    System.out.println("SENT " + send(session, props, user, password, args[2]));
                    break;
                case "pop3":
                    System.out.println("POP3 OK " + pop3(session, props, user, password));
                    break;
                case "parallel":
                    parallel(session, props, user, password, Integer.parseInt(args[2]));
                    break;
                case "soak":
                    soak(session, props, user, password, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
                    break;
                case "steps":
                    if (!steps(session, props, user, password, java.util.Arrays.copyOfRange(args, 2, args.length))) {
                        System.exit(1);
                    }
                    break;
                default:
                    System.out.println("IMAP OK " + imap(session, props, user, password, args.length > 2 ? args[2] : null));
            }
        } catch (Exception e) {
            System.out.println("FAILED " + e.getClass().getName() + ": " + e.getMessage());
            System.exit(1);
        }
    }

    static String send(Session session, Properties props, String user, String password, String subject) throws Exception {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(user));
        message.setRecipients(Message.RecipientType.TO, user);
        message.setSubject(subject);
        message.setText("sent by " + MailApp.class.getName());
        Transport transport = session.getTransport(props.getProperty("app.smtp.protocol"));
        transport.connect(props.getProperty("app.smtp.host"), Integer.parseInt(props.getProperty("app.smtp.port")), user, password);
        transport.sendMessage(message, message.getAllRecipients());
        transport.close();
        return transport.getClass().getName();
    }

    /** Logs in, opens INBOX; with a subject, says FOUND when such a message is there. */
    static String imap(Session session, Properties props, String user, String password, String subject) throws Exception {
        Store store = session.getStore(props.getProperty("app.imap.protocol"));
        store.connect(props.getProperty("app.imap.host"), Integer.parseInt(props.getProperty("app.imap.port")), user, password);
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        String result = store.getClass().getName() + " messages=" + inbox.getMessageCount();
        for (Message m : inbox.getMessages()) {
            if (subject != null && subject.equals(m.getSubject())) {
                result += " FOUND " + subject;
                break;
            }
        }
        inbox.close(false);
        store.close();
        return result;
    }

    static String pop3(Session session, Properties props, String user, String password) throws Exception {
        Store store = session.getStore(props.getProperty("app.pop3.protocol"));
        store.connect(props.getProperty("app.pop3.host"), Integer.parseInt(props.getProperty("app.pop3.port")), user, password);
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        String result = store.getClass().getName() + " messages=" + inbox.getMessageCount();
        inbox.close(false);
        store.close();
        return result;
    }

    /**
     * Two stores in turn, each connected, INBOX opened (on the store's connection), closed and opened again: the
     * re-open logs in on a connection of its own, as POP3 makes one per open folder.
     */
    static String pop3Reopen(Session session, Properties props, String user, String password) throws Exception {
        String host = props.getProperty("app.pop3.host");
        int port = Integer.parseInt(props.getProperty("app.pop3.port"));
        int opened = 0;
        Store store = null;
        for (int stores = 0; stores < 2; stores++) {
            store = session.getStore(props.getProperty("app.pop3.protocol"));
            store.connect(host, port, user, password);
            Folder inbox = store.getFolder("INBOX");
            for (int open = 0; open < 2; open++) {
                inbox.open(Folder.READ_ONLY);
                inbox.getMessageCount();
                inbox.close(false);
                opened++;
            }
            store.close();
        }
        return store.getClass().getName() + " opened=" + opened;
    }

    /**
     * Runs each step in turn and prints one line for it, {@code STEP OK <what>} or {@code STEP FAILED <exception>}; a
     * failed step does not stop the next. Steps: {@code imap}, {@code pop3}, {@code send:SUBJECT},
     * {@code await:SUBJECT} (reads INBOX over IMAP until that message has arrived: delivery is asynchronous) and
     * {@code pause:FILE} (does nothing until FILE exists, at most 120 s: an idle app, for as long as a test needs),
     * {@code pooled} (INBOX open through two folders at once, then the store reconnected and the same again: four
     * logins, two of them on pooled connections) and {@code pooled-rejected} (the same, with a password the
     * store keeps for its later connections that the server rejects), {@code pop3-reopen} (see {@link #pop3Reopen}),
     * {@code touch:FILE} (creates FILE: this app is ready), {@code timed-imap} (an IMAP login that says how long it
     * took, also when it failed) and {@code retry-imap} (IMAP logins every 100 ms until one succeeds).
     *
     * @return whether every step succeeded
     */
    static boolean steps(Session session, Properties props, String user, String password, String[] steps) {
        boolean ok = true;
        for (String step : steps) {
            String name = step.split(":", 2)[0];
            String subject = step.substring(name.length()).replaceFirst("^:", "");
            try {
                switch (name) {
                    case "imap":
                        System.out.println("imap OK " + imap(session, props, user, password, null));
                        break;
                    case "pop3":
                        System.out.println("pop3 OK " + pop3(session, props, user, password));
                        break;
                    case "send":
                        System.out.println("send OK " + send(session, props, user, password, subject));
                        break;
                    case "await":
                        System.out.println("await OK " + await(session, props, user, password, subject));
                        break;
                    case "pause":
                        System.out.println("pause OK " + pause(java.nio.file.Path.of(subject)));
                        break;
                    case "touch":
                        java.nio.file.Files.createFile(java.nio.file.Path.of(subject));
                        System.out.println("touch OK");
                        break;
                    case "timed-imap":
                        System.out.println("timed-imap OK " + timedImap(session, props, user, password));
                        break;
                    case "retry-imap":
                        System.out.println("retry-imap OK " + retryImap(session, props, user, password));
                        break;
                    case "pop3-reopen":
                        System.out.println("pop3-reopen OK " + pop3Reopen(session, props, user, password));
                        break;
                    case "pooled":
                        System.out.println("pooled OK " + pooled(session, props, user, password, password));
                        break;
                    case "pooled-rejected":
                        // a token that no server takes, for the connections after the first
                        System.out.println("pooled-rejected OK " + pooled(session, props, user, password, password + "x"));
                        break;
                    default:
                        throw new IllegalArgumentException("unknown step " + step);
                }
            } catch (Exception e) {
                ok = false;
                System.out.println(name + " FAILED " + e.getClass().getName() + ": " + e.getMessage());
            }
        }
        return ok;
    }

    static String await(Session session, Properties props, String user, String password, String subject) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        for (int reads = 1; ; reads++) {
            String inbox = imap(session, props, user, password, subject);
            if (inbox.endsWith(" FOUND " + subject)) {
                return inbox + " after " + reads + " reads";
            }
            if (System.nanoTime() > deadline) {
                throw new Exception("no message with the subject " + subject + " after 20 s");
            }
            Thread.sleep(200);
        }
    }

    /**
     * Logs in, opens INBOX through two folders at once (the second one logs in on a new pooled connection), closes
     * the store and does it all once more, as an application reconnects. From the first login on, the store's later
     * connections log in with {@code laterPassword} (JavaMail keeps the connect password for them).
     */
    static String pooled(Session session, Properties props, String user, String password, String laterPassword) throws Exception {
        Store store = session.getStore(props.getProperty("app.imap.protocol"));
        String host = props.getProperty("app.imap.host");
        int port = Integer.parseInt(props.getProperty("app.imap.port"));
        int opened = 0;
        for (int round = 0; round < 2; round++) {
            store.connect(host, port, user, password);
            store.getClass().getMethod("setPassword", String.class).invoke(store, laterPassword);
            Folder first = store.getFolder("INBOX");
            first.open(Folder.READ_ONLY);
            Folder second = store.getFolder("INBOX");
            second.open(Folder.READ_ONLY);
            opened += 2;
            second.close(false);
            first.close(false);
            store.close();
        }
        return store.getClass().getName() + " folders opened=" + opened;
    }

    /** An IMAP login that says how long it took, also when it fails. */
    static String timedImap(Session session, Properties props, String user, String password) throws Exception {
        long start = System.nanoTime();
        try {
            return imap(session, props, user, password, null) + " in " + (System.nanoTime() - start) / 1_000_000 + " ms";
        } catch (Exception e) {
            throw new Exception("in " + (System.nanoTime() - start) / 1_000_000 + " ms: " + e.getClass().getName() + ": "
                    + e.getMessage(), e);
        }
    }

    /** IMAP logins every 100 ms until one succeeds (at most 60 s): when it did (epoch ms) and how many failed first. */
    static String retryImap(Session session, Properties props, String user, String password) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        for (int failed = 0; ; failed++) {
            try {
                imap(session, props, user, password, null);
                return "at " + System.currentTimeMillis() + " after " + failed + " failed";
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    static String pause(java.nio.file.Path until) throws Exception {
        long start = System.nanoTime();
        while (!java.nio.file.Files.exists(until)) {
            if (System.nanoTime() - start > 120_000_000_000L) {
                throw new Exception(until + " did not appear in 120 s");
            }
            Thread.sleep(100);
        }
        return "after " + (System.nanoTime() - start) / 1_000_000 + " ms";
    }

    static void parallel(Session session, Properties props, String user, String password, int n) throws Exception {
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(n);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        java.util.List<java.util.concurrent.Future<String>> logins = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            logins.add(pool.submit(() -> {
                start.await();
                return imap(session, props, user, password, null);
            }));
        }
        int ok = 0;
        for (java.util.concurrent.Future<String> login : logins) {
            try {
                login.get();
                ok++;
            } catch (java.util.concurrent.ExecutionException e) {
                System.out.println("FAILED " + e.getCause().getClass().getName() + ": " + e.getCause().getMessage());
            }
        }
        pool.shutdown();
        System.out.println("PARALLEL ok=" + ok + " failed=" + (n - ok));
    }

    static void soak(Session session, Properties props, String user, String password, int seconds, int pause) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        int ok = 0;
        int failed = 0;
        while (System.nanoTime() < end) {
            try {
                imap(session, props, user, password, null);
                if (props.getProperty("app.pop3.protocol") != null) {
                    pop3(session, props, user, password);
                }
                send(session, props, user, password, "soak " + System.currentTimeMillis());
                ok++;
            } catch (Exception e) {
                failed++;
                System.out.println("FAILED " + e.getClass().getName() + ": " + e.getMessage());
            }
            Thread.sleep(pause * 1000L);
        }
        System.out.println("SOAK ok=" + ok + " failed=" + failed);
    }
}
