package io.github.mailoauth2.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an access token says about itself, read without verifying it (we are not its audience), and the
 * classic reasons a mail server refuses it: a token for Microsoft Graph instead of Exchange, a missing
 * mail permission, another user's token, an expired one, Gmail scopes that IMAP and SMTP do not take.
 *
 * @param claims the claims worth showing, by name, in the order shown
 * @param problems what is wrong, each with its fix; empty if nothing is
 * @param notes what the login also needs that the token cannot show (a delegate's Full Access on a shared mailbox)
 * @param opaque whether the token is not a JWT: then the one "problem" says only that nothing could be read
 */
record TokenDiagnosis(Map<String, String> claims, List<String> problems, List<String> notes, boolean opaque) {
    private static final Set<String> GRAPH = Set.of("https://graph.microsoft.com", "https://graph.microsoft.com/",
            "00000003-0000-0000-c000-000000000000");
    private static final Set<String> EXCHANGE = Set.of("https://outlook.office.com", "https://outlook.office.com/",
            "https://outlook.office365.com", "https://outlook.office365.com/", "00000002-0000-0ff1-ce00-000000000000");
    private static final List<String> SHOWN = List.of("iss", "aud", "scp", "roles", "scope", "tid", "appid", "azp", "upn",
            "email", "preferred_username", "unique_name", "exp");

    /**
     * Reads {@code token} for a login as {@code user} (or {@code null} if unknown) at {@code now}, with the token of
     * the store entry {@code account} ({@code null}: the user's own).
     */
    static TokenDiagnosis of(String token, String user, String account, Instant now) {
        JsonObject claims = claims(token);
        if (claims == null) {
            return opaque(token);
        }
        Map<String, String> shown = new LinkedHashMap<>();
        for (String name : SHOWN) {
            if (claims.has(name)) {
                shown.put(name, text(claims.get(name)));
            }
        }
        List<String> problems = new ArrayList<>();
        if (claims.has("exp") && claims.get("exp").isJsonPrimitive()) {
            Instant exp = Instant.ofEpochSecond(claims.get("exp").getAsLong());
            shown.put("exp", exp + (now.isAfter(exp) ? " (expired " + minutes(Duration.between(exp, now)) + " ago)"
                    : " (valid " + minutes(Duration.between(now, exp)) + " more)"));
            if (now.isAfter(exp)) {
                problems.add("The token has expired: get a new one (mail-oauth2 refresh --user …), or let the library refresh it.");
            }
        }
        String issuer = claims.has("iss") ? text(claims.get("iss")) : "";
        if (issuer.contains("sts.windows.net") || issuer.contains("login.microsoftonline")) {
            microsoft(claims, problems);
        } else if (issuer.contains("accounts.google.com")) {
            problems.add("This is a Google ID token, not an access token: mail servers take the access_token (ya29.…)"
                    + " of the token response.");
        }
        List<String> notes = new ArrayList<>();
        String owner = first(claims, "upn", "email", "preferred_username", "unique_name");
        if (user != null && owner != null && !owner.equalsIgnoreCase(user)) {
            owner(owner, user, account, problems, notes);
        }
        return new TokenDiagnosis(shown, problems, notes, false);
    }

    /** The token is {@code owner}'s and the login {@code user}'s: a shared mailbox if {@code account} says so, else a mistake. */
    private static void owner(String owner, String user, String account, List<String> problems, List<String> notes) {
        if (account == null) {
            problems.add("The token was issued for " + owner + ", not for " + user + ": log in as " + owner
                    + ", or authorize " + user + " itself. If " + user + " is a shared mailbox that " + owner + " has Full"
                    + " Access on, keep " + user + " as the login and set account to " + owner + " (--account " + owner
                    + ", mail.oauth2.account), so that the delegate's stored token opens it.");
        } else if (owner.equalsIgnoreCase(account)) {
            notes.add("A shared mailbox: the token is " + owner + "'s (account), the login " + user + ". The server"
                    + " accepts it only if " + owner + " has Full Access on " + user + " (Microsoft 365: Add-MailboxPermission"
                    + " -Identity " + user + " -User " + owner + " -AccessRights FullAccess, effective within an hour;"
                    + " docs/microsoft-365.md#shared-mailboxes).");
        } else {
            problems.add("The token was issued for " + owner + ", not for the account " + account + " whose token should"
                    + " open " + user + ": authorize " + account + " again (mail-oauth2 authorize --user " + account + ").");
        }
    }

    private static void microsoft(JsonObject claims, List<String> problems) {
        List<String> audiences = strings(claims.get("aud"));
        if (audiences.stream().anyMatch(GRAPH::contains)) {
            problems.add("This token is for Microsoft Graph, not Exchange Online: IMAP, POP and SMTP refuse it. Ask for"
                    + " the scopes under https://outlook.office.com/ (IMAP.AccessAsUser.All, POP.AccessAsUser.All, SMTP.Send),"
                    + " or https://outlook.office365.com/.default for app-only access; not Mail.Read or Mail.Send.");
            return;
        }
        if (audiences.stream().noneMatch(EXCHANGE::contains)) {
            problems.add("This token's audience " + audiences + " is not Exchange Online (https://outlook.office.com):"
                    + " ask for the scopes under https://outlook.office.com/.");
            return;
        }
        Set<String> delegated = words(claims.get("scp"));
        Set<String> app = claims.has("roles") ? Set.copyOf(strings(claims.get("roles"))) : Set.of();
        if (!app.isEmpty() || delegated.isEmpty()) {
            missing(app, List.of("IMAP.AccessAsApp", "POP.AccessAsApp", "SMTP.SendAsApp"), "application permission", problems);
            problems.add("App-only tokens open a mailbox only after Exchange knows the app: New-ServicePrincipal"
                    + " -AppId … -ObjectId … and Add-MailboxPermission -Identity <mailbox> -User <service principal> -AccessRights"
                    + " FullAccess (docs/microsoft-365.md). Check them if the login still fails.");
        } else {
            missing(delegated, List.of("IMAP.AccessAsUser.All", "POP.AccessAsUser.All", "SMTP.Send"), "delegated permission",
                    problems);
        }
    }

    private static void missing(Set<String> granted, List<String> wanted, String kind, List<String> problems) {
        List<String> absent = wanted.stream().filter(w -> !granted.contains(w)).toList();
        if (absent.size() == wanted.size()) {
            problems.add("The token carries no mail permission (" + String.join(", ", wanted) + "): add the " + kind
                    + "s the app needs and grant consent.");
        } else if (!absent.isEmpty()) {
            problems.add("Not granted: " + String.join(", ", absent) + " (" + kind + "); the protocols they stand for are"
                    + " refused. Add them to the app registration if you use those protocols.");
        }
    }

    private static TokenDiagnosis opaque(String token) {
        if (token.startsWith("ya29.")) {
            return new TokenDiagnosis(Map.of(), List.of("A Google access token is opaque: nothing to decode. Its scope must be"
                    + " https://mail.google.com/ (gmail.send, gmail.readonly or gmail.modify do not work for IMAP or SMTP);"
                    + " Google's tokeninfo endpoint (https://oauth2.googleapis.com/tokeninfo?access_token=…) shows it."), List.of(), true);
        }
        return new TokenDiagnosis(Map.of(), List.of("The token is not a JWT: nothing to decode. Only its issuer can say what"
                + " it grants (its introspection endpoint, RFC 7662)."), List.of(), true);
    }

    /** The claims of a JWT, or {@code null} if {@code token} is not one. */
    private static JsonObject claims(String token) {
        String[] parts = token.strip().split("\\.");
        if (parts.length < 2) {
            return null;
        }
        try {
            JsonElement json = JsonParser.parseString(new String(java.util.Base64.getUrlDecoder().decode(parts[1]),
                    StandardCharsets.UTF_8));
            return json.isJsonObject() ? json.getAsJsonObject() : null;
        } catch (IllegalArgumentException | JsonParseException e) {
            return null;
        }
    }

    private static String first(JsonObject claims, String... names) {
        for (String name : names) {
            if (claims.has(name) && claims.get(name).isJsonPrimitive()) {
                return claims.get(name).getAsString();
            }
        }
        return null;
    }

    private static List<String> strings(JsonElement element) {
        if (element == null || element.isJsonNull()) {
            return List.of();
        }
        if (element.isJsonArray()) {
            List<String> values = new ArrayList<>();
            for (JsonElement e : (JsonArray) element) {
                values.add(text(e));
            }
            return values;
        }
        return List.of(text(element));
    }

    private static Set<String> words(JsonElement element) {
        return element == null || element.isJsonNull() ? Set.of()
                : Arrays.stream(text(element).split("\\s+")).filter(w -> !w.isEmpty()).collect(Collectors.toSet());
    }

    private static String text(JsonElement element) {
        if (element.isJsonArray()) {
            return String.join(" ", strings(element));
        }
        return element.isJsonPrimitive() ? element.getAsString() : element.toString();
    }

    private static String minutes(Duration d) {
        long m = d.toMinutes();
        return m >= 120 ? (m / 60) + " h" : m + " min";
    }
}
