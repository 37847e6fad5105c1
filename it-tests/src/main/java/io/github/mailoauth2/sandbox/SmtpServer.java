package io.github.mailoauth2.sandbox;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * SMTP submission (RFC 6409) with OAuth2 only: {@code EHLO} offers {@code AUTH XOAUTH2 OAUTHBEARER};
 * {@code AUTH} with or without an initial response (then after an empty {@code 334}); mail is taken
 * from logged-in clients only and delivered to the recipients' in-memory inboxes. Command lines are
 * held to RFC 4954's 512 octets, as Gmail and Dovecot do: a long token must come after the {@code 334}.
 */
final class SmtpServer extends LineServer {
    private static final Replies REPLIES = new Replies("504 5.5.4 Unrecognized authentication type",
            "501 5.7.0 Authentication cancelled", "235 2.7.0 Authentication successful",
            "535 5.7.8 Authentication credentials invalid");
    private static final int MAX_COMMAND = 512; // octets, CRLF included
    private static final int MAX_MESSAGE = 10 * 1024 * 1024;
    private static final int MAX_RECIPIENTS = 100;

    SmtpServer(int port, TokenChecker checker, Mailboxes mailboxes, Consumer<String> events) throws IOException {
        super("smtp", port, checker, mailboxes, events);
    }

    @Override
    String lineTooLong() {
        return "500 5.5.2 Line too long";
    }

    @Override
    void session(Connection c) throws IOException {
        c.send("220 127.0.0.1 ESMTP mail-oauth2 sandbox");
        String user = null;
        String from = null;
        List<String> recipients = new ArrayList<>();
        while (true) {
            String line = c.readLine();
            if (line.length() + 2 > MAX_COMMAND) {
                c.send("500 5.5.2 Line too long (RFC 4954: send a long AUTH response after the 334)");
                continue;
            }
            String[] words = line.split(" ", 2);
            String verb = words[0].toUpperCase(Locale.ROOT);
            String args = words.length > 1 ? words[1] : "";
            switch (verb) {
                case "EHLO":
                    c.send("250-127.0.0.1 Hello " + args);
                    c.send("250-AUTH XOAUTH2 OAUTHBEARER");
                    c.send("250-ENHANCEDSTATUSCODES");
                    c.send("250 8BITMIME");
                    break;
                case "HELO":
                    c.send("250 127.0.0.1 Hello " + args);
                    break;
                case "AUTH":
                    if (user != null) {
                        c.send("503 5.5.1 Already authenticated");
                    } else {
                        user = login(c, args, "334 ", REPLIES);
                    }
                    break;
                case "MAIL":
                    if (user == null) {
                        c.send("530 5.7.0 Authentication required");
                    } else if (!args.toUpperCase(Locale.ROOT).startsWith("FROM:")) {
                        c.send("501 5.5.4 Syntax: MAIL FROM:<address>");
                    } else {
                        from = address(args.substring(5));
                        recipients.clear();
                        c.send("250 2.1.0 Ok");
                    }
                    break;
                case "RCPT":
                    if (from == null) {
                        c.send("503 5.5.1 Need MAIL command");
                    } else if (!args.toUpperCase(Locale.ROOT).startsWith("TO:") || address(args.substring(3)).isEmpty()) {
                        c.send("501 5.5.4 Syntax: RCPT TO:<address>");
                    } else if (recipients.size() >= MAX_RECIPIENTS) {
                        c.send("452 4.5.3 Too many recipients");
                    } else {
                        recipients.add(address(args.substring(3)));
                        c.send("250 2.1.5 Ok");
                    }
                    break;
                case "DATA":
                    if (recipients.isEmpty()) {
                        c.send("503 5.5.1 Need RCPT command");
                        break;
                    }
                    c.send("354 End data with <CR><LF>.<CR><LF>");
                    String message = readMessage(c);
                    if (message == null) {
                        c.send("552 5.3.4 Message too big");
                    } else {
                        for (String recipient : recipients) {
                            mailboxes.deliver(recipient, message);
                        }
                        event("message from " + from + " (" + message.length() + " octets) delivered to " + recipients);
                        c.send("250 2.0.0 Ok: queued");
                    }
                    from = null;
                    recipients.clear();
                    break;
                case "RSET":
                    from = null;
                    recipients.clear();
                    c.send("250 2.0.0 Ok");
                    break;
                case "NOOP":
                    c.send("250 2.0.0 Ok");
                    break;
                case "QUIT":
                    c.send("221 2.0.0 Bye");
                    return;
                default:
                    c.send("502 5.5.2 Command not supported by the sandbox");
            }
        }
    }

    /** The message up to the lone dot, dot-unstuffed, with CRLF line ends; null if it was too big (it is read all the same). */
    private static String readMessage(Connection c) throws IOException {
        StringBuilder message = new StringBuilder();
        for (String line = c.readLine(); !line.equals("."); line = c.readLine()) {
            if (message.length() <= MAX_MESSAGE) {
                message.append(line.startsWith(".") ? line.substring(1) : line).append("\r\n");
            }
        }
        return message.length() > MAX_MESSAGE ? null : message.toString();
    }

    /** The address in {@code <address> [parameters]}. */
    private static String address(String path) {
        String text = path.strip();
        int end = text.indexOf('>');
        return text.startsWith("<") && end > 0 ? text.substring(1, end) : text.split(" ")[0];
    }
}
