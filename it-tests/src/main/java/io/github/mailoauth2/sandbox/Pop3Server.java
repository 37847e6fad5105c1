package io.github.mailoauth2.sandbox;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * POP3 with OAuth2 only: {@code CAPA}, {@code AUTH XOAUTH2|OAUTHBEARER} (RFC 5034, with or without
 * an initial response), {@code STAT}, {@code NOOP}, {@code QUIT}; anything else is {@code -ERR}.
 */
final class Pop3Server extends LineServer {
    private static final Replies REPLIES = new Replies("-ERR Unsupported authentication mechanism",
            "-ERR Authentication cancelled", "+OK Logged in", "-ERR [AUTH] Authentication failed");

    Pop3Server(int port, TokenChecker checker, Mailboxes mailboxes, Consumer<String> events) throws IOException {
        super("pop3", port, checker, mailboxes, events);
    }

    @Override
    String lineTooLong() {
        return "-ERR Line too long";
    }

    @Override
    void session(Connection c) throws IOException {
        c.send("+OK mail-oauth2 sandbox POP3 ready");
        String user = null;
        while (true) {
            String[] words = c.readLine().split(" ", 2);
            String command = words[0].toUpperCase(Locale.ROOT);
            switch (command) {
                case "CAPA":
                    c.send("+OK Capability list follows\r\nSASL XOAUTH2 OAUTHBEARER\r\n.");
                    break;
                case "AUTH":
                    if (user != null) {
                        c.send("-ERR Already logged in");
                    } else {
                        user = login(c, words.length > 1 ? words[1] : "", "+ ", REPLIES);
                    }
                    break;
                case "STAT":
                    if (user == null) {
                        c.send("-ERR Log in first");
                    } else {
                        List<Mailboxes.Message> inbox = mailboxes.inbox(user);
                        c.send("+OK " + inbox.size() + " " + inbox.stream().mapToInt(Mailboxes.Message::size).sum());
                    }
                    break;
                case "NOOP":
                    c.send("+OK");
                    break;
                case "QUIT":
                    c.send("+OK Bye");
                    return;
                default:
                    c.send("-ERR Command not supported by the sandbox");
            }
        }
    }

}
