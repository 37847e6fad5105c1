package io.github.mailoauth2.it;

/** Reads a mailbox through the example application until a message arrives: delivery is asynchronous. */
final class Mailbox {
    private Mailbox() {
    }

    static boolean waitFor(MailApi api, int imapPort, String user, String token, String subject) throws Exception {
        return waitFor(() -> new AppRun(api).imap("imap", imapPort, "XOAUTH2").user(user, token), subject);
    }

    /** Runs the application that {@code reader} configures, with {@code imap SUBJECT}, until it finds the message. */
    static boolean waitFor(java.util.function.Supplier<AppRun> reader, String subject) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            AppRun.Result r = reader.get().run("imap", subject);
            if (r.exitCode() != 0) {
                throw new AssertionError("reading the mailbox failed: " + r);
            }
            if (r.out().contains("FOUND " + subject)) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(500);
        }
    }
}
