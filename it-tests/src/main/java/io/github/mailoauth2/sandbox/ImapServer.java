package io.github.mailoauth2.sandbox;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IMAP4rev1, just enough for a JavaMail login and a look at INBOX: {@code CAPABILITY}, {@code NOOP},
 * {@code LOGOUT}, {@code AUTHENTICATE XOAUTH2|OAUTHBEARER} (SASL-IR or after {@code +}),
 * {@code SELECT}/{@code EXAMINE INBOX}, {@code FETCH} of envelopes, structures and whole messages,
 * {@code SEARCH} (the messages not yet {@code \\Seen}, whatever the criteria), {@code STORE} of {@code \\Seen} (what
 * a mail-reading framework such as Spring Integration needs), {@code LIST} (INBOX), {@code CLOSE}/{@code UNSELECT}, {@code IDLE} (until
 * {@code DONE}, with nothing to report). Anything else is {@code BAD}.
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
    /** The numbers of each mailbox's messages marked {@code \\Seen}. */
    private final Map<String, Set<Integer>> seen = new ConcurrentHashMap<>();
    /** {@code BODY[section]} or {@code BODY.PEEK[section]}, with an optional {@code <origin.length>}. */
    private static final Pattern SECTION = Pattern.compile("BODY(?:\\.PEEK)?\\[(|1|TEXT|HEADER)\\](?:<(\\d+)\\.(\\d+)>)?");
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
            if (user == null && List.of("SELECT", "EXAMINE", "FETCH", "CLOSE", "UNSELECT", "IDLE", "LIST", "SEARCH", "STORE").contains(command)) {
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
                    fetch(c, tag, args, selected, seen(user));
                    break;
                case "LIST":
                    if (args.replace("\"", "").toUpperCase(Locale.ROOT).matches("\\S* (INBOX|\\*|%)")) {
                        c.send("* LIST () \"/\" INBOX");
                    }
                    c.send(tag + " OK LIST completed");
                    break;
                case "SEARCH":
                    search(c, tag, selected, seen(user));
                    break;
                case "STORE":
                    store(c, tag, args, selected, seen(user));
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

    private Set<Integer> seen(String user) {
        return user == null ? Set.of() : seen.computeIfAbsent(user.toLowerCase(Locale.ROOT), u -> ConcurrentHashMap.newKeySet());
    }

    private static void search(Connection c, String tag, List<Mailboxes.Message> selected, Set<Integer> seen) throws IOException {
        if (selected == null) {
            c.send(tag + " BAD Select INBOX first");
            return;
        }
        StringBuilder found = new StringBuilder("* SEARCH");
        for (int n = 1; n <= selected.size(); n++) {
            if (!seen.contains(n)) {
                found.append(' ').append(n);
            }
        }
        c.send(found.toString());
        c.send(tag + " OK SEARCH completed");
    }

    /** {@code STORE SET +FLAGS[.SILENT] (FLAG ...)}: only {@code \\Seen} is kept. */
    private static void store(Connection c, String tag, String args, List<Mailboxes.Message> selected, Set<Integer> seen)
            throws IOException {
        String[] words = args.split(" ", 3);
        if (selected == null || words.length < 3 || !words[1].toUpperCase(Locale.ROOT).startsWith("+FLAGS")) {
            c.send(tag + " BAD Select INBOX and add flags");
            return;
        }
        boolean markSeen = words[2].toUpperCase(Locale.ROOT).contains("\\SEEN");
        for (int n : sequence(words[0], selected.size())) {
            if (markSeen) {
                seen.add(n);
            }
            if (!words[1].toUpperCase(Locale.ROOT).endsWith(".SILENT")) {
                c.send("* " + n + " FETCH (FLAGS (" + (seen.contains(n) ? "\\Seen" : "") + "))");
            }
        }
        c.send(tag + " OK STORE completed");
    }

    /** {@code FETCH SET ITEM} or {@code FETCH SET (ITEM ...)}: ENVELOPE (subject only), INTERNALDATE, sizes, flags, UIDs, bodies. */
    private void fetch(Connection c, String tag, String args, List<Mailboxes.Message> selected, Set<Integer> seen)
            throws IOException {
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
                        items.add("FLAGS (" + (seen.contains(n) ? "\\Seen" : "") + ")");
                        break;
                    case "BODYSTRUCTURE":
                        // every sandbox message is one plain text part
                        items.add("BODYSTRUCTURE (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"UTF-8\") NIL NIL \"8BIT\" "
                                + m.size() + " " + m.content().split("\n", -1).length + ")");
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
                        Matcher section = SECTION.matcher(item);
                        if (!section.matches()) {
                            c.send(tag + " BAD FETCH item not supported by the sandbox: " + item);
                            return;
                        }
                        // a part of the message (a single text part: 1 and TEXT are its body), or a piece of it
                        String[] parts = m.content().split("\r\n\r\n", 2);
                        String text = switch (section.group(1)) {
                            case "" -> m.content();
                            case "HEADER" -> parts[0] + "\r\n\r\n";
                            default -> parts.length < 2 ? "" : parts[1];
                        };
                        String origin = "";
                        if (section.group(2) != null) {
                            int from = Math.min(text.length(), Integer.parseInt(section.group(2)));
                            text = text.substring(from, Math.min(text.length(), from + Integer.parseInt(section.group(3))));
                            origin = "<" + from + ">";
                        }
                        items.add("BODY[" + section.group(1) + "]" + origin + " " + literal(text));
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
