package io.github.mailoauth2.sandbox;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * IMAP4rev1, just enough for a JavaMail login and a look at INBOX: {@code CAPABILITY}, {@code NOOP},
 * {@code LOGOUT}, {@code AUTHENTICATE XOAUTH2|OAUTHBEARER} (SASL-IR or after {@code +}),
 * {@code SELECT}/{@code EXAMINE INBOX}, {@code FETCH} of envelopes and whole messages,
 * {@code CLOSE}/{@code UNSELECT}, {@code IDLE} (until {@code DONE}, with nothing to report). Anything else is {@code BAD}.
 *
 * <p>After {@link #endSessionsWhenTokensExpire} it does what Exchange Online does when a token's
 * lifetime is over: the sessions logged in with it end with {@value #TOKEN_EXPIRED}, and it is refused.
 */
final class ImapServer extends LineServer {
    static final String CAPABILITY = "CAPABILITY IMAP4rev1 SASL-IR AUTH=XOAUTH2 AUTH=OAUTHBEARER UNSELECT IDLE";
    static final String TOKEN_EXPIRED = "* BYE Session invalidated - AccessTokenExpired";
    private static final ScheduledExecutorService EXPIRY = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "sandbox-imap-expiry");
        thread.setDaemon(true);
        return thread;
    });
    /** When the session whose login runs on this thread must end, if its token's lifetime is limited. */
    private static final ThreadLocal<Instant> SESSION_END = new ThreadLocal<>();

    /** How long a token lives after its first login here; null: as long as the OAuth2 server says. */
    private volatile Duration tokenLifetime;
    private final Map<String, Instant> tokenEnds = new ConcurrentHashMap<>();
    private static final DateTimeFormatter INTERNALDATE = DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z", Locale.US);

    ImapServer(int port, TokenChecker checker, Mailboxes mailboxes, Consumer<String> events) throws IOException {
        super("imap", port, checker, mailboxes, events);
    }

    /** From now on a token lives {@code lifetime} after its first login here: then its sessions end, and it is refused. */
    void endSessionsWhenTokensExpire(Duration lifetime) {
        tokenLifetime = lifetime;
    }

    @Override
    TokenChecker.Verdict review(String mechanism, TokenChecker.Verdict verdict) {
        Duration lifetime = tokenLifetime;
        SESSION_END.remove();
        if (lifetime == null || !verdict.accepted()) {
            return verdict;
        }
        Instant end = tokenEnds.computeIfAbsent(verdict.tokenId(), id -> Instant.now().plus(lifetime));
        if (!Instant.now().isBefore(end)) {
            return new TokenChecker.Verdict(verdict.user(), false, "the token's lifetime is over (" + lifetime
                    + " after its first login)", checker.failureJson(mechanism), verdict.tokenId());
        }
        SESSION_END.set(end);
        return verdict;
    }

    @Override
    String lineTooLong() {
        return "* BYE Line too long";
    }

    @Override
    void session(Connection c) throws IOException {
        List<ScheduledFuture<?>> ending = new ArrayList<>();
        try {
            commands(c, ending);
        } finally {
            SESSION_END.remove();
            ending.forEach(end -> end.cancel(false));
        }
    }

    /** Ends a session whose token's lifetime is over. */
    private void expire(Connection c) {
        event("ended a session: its token's lifetime is over");
        try {
            c.send(TOKEN_EXPIRED);
        } catch (IOException e) {
            // the client is gone already
        } finally {
            c.close();
        }
    }

    /** One session's commands; {@code ending} gets what will end it when its token's lifetime is over. */
    private void commands(Connection c, List<ScheduledFuture<?>> ending) throws IOException {
        c.send("* OK [" + CAPABILITY + "] mail-oauth2 sandbox IMAP ready");
        String user = null;
        List<Mailboxes.Message> selected = null;
        while (true) {
            String[] words = c.readLine().split(" ", 3);
            String tag = words[0];
            String command = words.length > 1 ? words[1].toUpperCase(Locale.ROOT) : "";
            String args = words.length > 2 ? words[2] : "";
            if (user == null && List.of("SELECT", "EXAMINE", "FETCH", "CLOSE", "UNSELECT", "IDLE").contains(command)) {
                c.send(tag + " BAD Log in first");
                continue;
            }
            switch (command) {
                case "CAPABILITY":
                    c.send("* " + CAPABILITY);
                    c.send(tag + " OK CAPABILITY completed");
                    break;
                case "NOOP":
                    c.send(tag + " OK NOOP completed");
                    break;
                case "LOGOUT":
                    c.send("* BYE Logging out");
                    c.send(tag + " OK LOGOUT completed");
                    return;
                case "AUTHENTICATE":
                    if (user != null) {
                        c.send(tag + " BAD Already logged in");
                    } else {
                        user = login(c, args, "+ ", new Replies(tag + " NO [CANNOT] Unsupported authentication mechanism",
                                tag + " BAD Authentication cancelled", tag + " OK [" + CAPABILITY + "] Logged in",
                                tag + " NO [AUTHENTICATIONFAILED] Authentication failed"));
                        Instant end = SESSION_END.get();
                        if (user != null && end != null) {
                            ending.add(EXPIRY.schedule(() -> expire(c),
                                    Math.max(0, Duration.between(Instant.now(), end).toMillis()), TimeUnit.MILLISECONDS));
                        }
                    }
                    break;
                case "IDLE":
                    c.send("+ idling");
                    c.readLine(); // DONE
                    c.send(tag + " OK IDLE terminated");
                    break;
                case "SELECT":
                case "EXAMINE":
                    selected = select(c, tag, command, args, user);
                    break;
                case "CLOSE":
                case "UNSELECT":
                    selected = null;
                    c.send(tag + " OK " + command + " completed");
                    break;
                case "FETCH":
                    fetch(c, tag, args, selected);
                    break;
                default:
                    c.send(tag + " BAD Command not supported by the sandbox");
            }
        }
    }

    private List<Mailboxes.Message> select(Connection c, String tag, String command, String mailbox, String user)
            throws IOException {
        if (!mailbox.replace("\"", "").equalsIgnoreCase("INBOX")) {
            c.send(tag + " NO [NONEXISTENT] The sandbox has INBOX only");
            return null;
        }
        List<Mailboxes.Message> messages = mailboxes.inbox(user);
        c.send("* FLAGS (\\Seen)");
        c.send("* " + messages.size() + " EXISTS");
        c.send("* 0 RECENT");
        c.send("* OK [UIDVALIDITY 1] UIDs valid");
        c.send("* OK [UIDNEXT " + (messages.size() + 1) + "] Predicted next UID");
        c.send(tag + " OK [" + (command.equals("SELECT") ? "READ-WRITE" : "READ-ONLY") + "] " + command + " completed");
        return messages;
    }

    /** {@code FETCH SET ITEM} or {@code FETCH SET (ITEM ...)}: ENVELOPE (subject only), INTERNALDATE, sizes, flags, UIDs, bodies. */
    private void fetch(Connection c, String tag, String args, List<Mailboxes.Message> selected) throws IOException {
        String[] words = args.split(" ", 2);
        if (selected == null || words.length < 2) {
            c.send(tag + " BAD Select INBOX and name the items");
            return;
        }
        List<String> responses = new ArrayList<>();
        for (int n : sequence(words[0], selected.size())) {
            Mailboxes.Message m = selected.get(n - 1);
            List<String> items = new ArrayList<>();
            for (String item : words[1].replaceAll("^\\(|\\)$", "").toUpperCase(Locale.ROOT).split(" ")) {
                switch (item) {
                    case "ENVELOPE":
                        String subject = m.subject() == null ? "NIL" : literal(m.subject());
                        items.add("ENVELOPE (NIL " + subject + " NIL NIL NIL NIL NIL NIL NIL NIL)");
                        break;
                    case "INTERNALDATE":
                        items.add("INTERNALDATE \"" + INTERNALDATE.format(m.received()) + "\"");
                        break;
                    case "RFC822.SIZE":
                        items.add("RFC822.SIZE " + m.size());
                        break;
                    case "FLAGS":
                        items.add("FLAGS ()");
                        break;
                    case "UID":
                        items.add("UID " + n);
                        break;
                    case "RFC822":
                    case "BODY[]":
                    case "BODY.PEEK[]":
                        items.add(item.replace(".PEEK", "") + " " + literal(m.content()));
                        break;
                    default:
                        c.send(tag + " BAD FETCH item not supported by the sandbox: " + item);
                        return;
                }
            }
            responses.add("* " + n + " FETCH (" + String.join(" ", items) + ")");
        }
        for (String response : responses) {
            c.send(response);
        }
        c.send(tag + " OK FETCH completed");
    }

    /** The message numbers of an IMAP sequence set such as {@code 1}, {@code 2:4,7} or {@code 1:*}, within 1..count. */
    private static List<Integer> sequence(String set, int count) {
        List<Integer> numbers = new ArrayList<>();
        for (String range : set.split(",")) {
            String[] ends = range.split(":");
            try {
                int from = ends[0].equals("*") ? count : Integer.parseInt(ends[0]);
                int to = ends.length < 2 ? from : ends[1].equals("*") ? count : Integer.parseInt(ends[1]);
                for (int n = Math.max(1, Math.min(from, to)); n <= Math.min(count, Math.max(from, to)); n++) {
                    numbers.add(n);
                }
            } catch (NumberFormatException e) {
                // not a number: nothing of it matches
            }
        }
        return numbers;
    }

    private static String literal(String text) {
        return "{" + text.length() + "}\r\n" + text;
    }
}
