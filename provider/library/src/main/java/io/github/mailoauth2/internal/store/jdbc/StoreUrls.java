package io.github.mailoauth2.internal.store.jdbc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps a database's credentials out of what the store shows: its name ({@link #name}) and the
 * drivers' messages ({@link #redact}), which quote the whole URL ({@code No suitable driver found for
 * jdbc:…?password=…}, {@code Unable to parse URL …}).
 */
final class StoreUrls {
    /** {@code //user:password@} in a URL. */
    private static final Pattern USER_INFO = Pattern.compile("//[^/@?;\\s]*@");
    /** Oracle's {@code jdbc:oracle:thin:user/password@host…}: what stands between the sub-protocol and the {@code @}. */
    private static final Pattern SLASHED_USER = Pattern.compile("(jdbc:[A-Za-z0-9]+:[A-Za-z0-9]+:)[^@/\\s:;?]+/[^@\\s]*@");
    /** A password parameter in a URL or a message: {@code password=…}, {@code pwd=…}, {@code passwd=…}. */
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)\\b(password|passwd|pwd)=[^&;\\s,)'\"]*");
    /** {@code //user:password@}, keeping the user. */
    private static final Pattern PASSWORD_IN_USER_INFO = Pattern.compile("(//[^/:@?;\\s]*):[^/@?;\\s]*@");
    private static final String HIDDEN = "***";

    private StoreUrls() {
    }

    /** The URL up to its parameters ({@code ?…}, {@code ;…}), without user and password: safe in messages. */
    static String name(String url) {
        String base = url.split("[?;]", 2)[0];
        return SLASHED_USER.matcher(USER_INFO.matcher(base).replaceFirst("//")).replaceFirst("$1@");
    }

    /**
     * {@code text} without the passwords it may quote: {@code url} itself is replaced by its {@link #name}, each of
     * {@code secrets} (the configured password, those in the URL) by {@value #HIDDEN}, and whatever still looks like a
     * password in a URL (a parameter, {@code user:password@}, {@code user/password@}) too.
     */
    static String redact(String text, String url, Collection<String> secrets) {
        if (text == null) {
            return null;
        }
        String out = url == null ? text : text.replace(url, name(url));
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                out = out.replace(secret, HIDDEN);
            }
        }
        out = PASSWORD_PARAMETER.matcher(out).replaceAll("$1=" + HIDDEN);
        out = PASSWORD_IN_USER_INFO.matcher(out).replaceAll("$1:" + HIDDEN + "@");
        return SLASHED_USER.matcher(out).replaceAll(m -> Matcher.quoteReplacement(
                m.group(1) + m.group().substring(m.group(1).length()).split("/", 2)[0] + "/" + HIDDEN + "@"));
    }

    /** The passwords a URL carries: parameters, and those of {@code user:password@} and {@code user/password@}. */
    static List<String> passwords(String url) {
        List<String> found = new ArrayList<>();
        Matcher parameter = Pattern.compile("(?i)\\b(?:password|passwd|pwd)=([^&;]*)").matcher(url);
        while (parameter.find()) {
            found.add(parameter.group(1));
        }
        Matcher userInfo = Pattern.compile("//[^/:@?;]*:([^/@?;]*)@").matcher(url);
        if (userInfo.find()) {
            found.add(userInfo.group(1));
        }
        Matcher slashed = SLASHED_USER.matcher(url);
        if (slashed.find()) {
            String credentials = slashed.group().substring(slashed.group(1).length(), slashed.group().length() - 1);
            found.add(credentials.substring(credentials.indexOf('/') + 1));
        }
        return found;
    }
}
