package io.github.mailoauth2.sandbox;

import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The sandbox's mail, in memory: what SMTP delivers, IMAP and POP3 show. */
public final class Mailboxes {
    /** One stored message: its bytes as ISO-8859-1 text (lines end in CRLF) and when it arrived. */
    public record Message(String content, ZonedDateTime received) {
        int size() {
            return content.length();
        }

        /** The Subject header as it was sent (unfolded, not decoded), or null. */
        public String subject() {
            String headers = content.split("\r\n\r\n", 2)[0].replace("\r\n ", " ").replace("\r\n\t", " ");
            for (String line : headers.split("\r\n")) {
                if (line.regionMatches(true, 0, "Subject:", 0, 8)) {
                    return line.substring(8).strip();
                }
            }
            return null;
        }
    }

    private final Map<String, List<Message>> boxes = new ConcurrentHashMap<>();

    /** Delivers {@code content} (a whole message, CRLF line ends) to {@code address}'s inbox. */
    public void deliver(String address, String content) {
        boxes.compute(key(address), (k, list) -> {
            List<Message> messages = list == null ? new ArrayList<>() : list;
            messages.add(new Message(content, ZonedDateTime.now()));
            return messages;
        });
    }

    /** A snapshot of the address's inbox, oldest first. */
    public List<Message> inbox(String address) {
        List<Message> copy = new ArrayList<>();
        boxes.computeIfPresent(key(address), (k, list) -> {
            copy.addAll(list);
            return list;
        });
        return copy;
    }

    private static String key(String address) {
        return address.toLowerCase(Locale.ROOT);
    }
}
