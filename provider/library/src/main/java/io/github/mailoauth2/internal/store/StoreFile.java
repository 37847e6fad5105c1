package io.github.mailoauth2.internal.store;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.github.mailoauth2.store.StoredAccount;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The token store's file format, version 1:
 * <pre>{@code
 * {"version": 1,
 *  "accounts": {"alice@example.test": {"refresh_token": "...", "access_token": "...",
 *                                      "access_token_expires_at": "2026-01-01T10:00:00Z", "scope": "...",
 *                                      "token_url": "...", "client_id": "...", "updated_at": "...",
 *                                      "refresh_token_issued_at": "...", "last_refresh_at": "...",
 *                                      "refusal": "invalid_grant (...)",
 *                                      "backoff_until": "...", "backoff_cause": "HTTP 503"}}}
 * }</pre>
 * Absent and {@code null} fields mean {@code null}; instants are ISO-8601 strings. The last five fields
 * came later within version 1: files without them load, and releases before them ignore them. A parsed file
 * keeps its JSON tree, so a write changes one account's entry and leaves everything else as it was.
 *
 * <p>Messages about a bad file name the file and the position, never its content: Gson's own
 * messages can quote the text they choke on, which may be a token.
 */
final class StoreFile {
    static final int VERSION = 1;

    private static final Gson GSON = new GsonBuilder()
            .setPrettyPrinting().disableHtmlEscaping()
            .serializeNulls() // leaves other accounts' explicit nulls as they were
            .create();
    private static final Pattern POSITION = Pattern.compile("line (\\d+) column (\\d+)");

    private static final String REFRESH_TOKEN = "refresh_token";
    private static final String ACCESS_TOKEN = "access_token";
    private static final String ACCESS_TOKEN_EXPIRES_AT = "access_token_expires_at";
    private static final String SCOPE = "scope";
    private static final String TOKEN_URL = "token_url";
    private static final String CLIENT_ID = "client_id";
    private static final String UPDATED_AT = "updated_at";
    private static final String REFRESH_TOKEN_ISSUED_AT = "refresh_token_issued_at";
    private static final String LAST_REFRESH_AT = "last_refresh_at";
    private static final String REFUSAL = "refusal";
    private static final String BACKOFF_UNTIL = "backoff_until";
    private static final String BACKOFF_CAUSE = "backoff_cause";

    /** The parsed file: its JSON tree, and the accounts decoded from it. */
    record Contents(JsonObject root, Map<String, StoredAccount> accounts) {
        static Contents empty() {
            JsonObject root = new JsonObject();
            root.addProperty("version", VERSION);
            root.add("accounts", new JsonObject());
            return new Contents(root, Map.of());
        }

        /** The file's bytes with {@code account} set to {@code stored}, or removed if {@code stored} is null. */
        byte[] with(String account, StoredAccount stored) {
            JsonObject copy = root.deepCopy();
            JsonObject entries = copy.getAsJsonObject("accounts");
            if (stored == null) {
                entries.remove(account);
            } else {
                entries.add(account, toJson(stored));
            }
            return GSON.toJson(copy).concat("\n").getBytes(StandardCharsets.UTF_8);
        }
    }

    private StoreFile() {
    }

    /**
     * Decodes the file's bytes. An empty file is an empty store: there is nothing in it to lose.
     *
     * @throws IOException if the bytes are not a version-1 token store, naming {@code file} and what to do
     */
    static Contents parse(Path file, byte[] bytes) throws IOException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw notAStore(file, "not UTF-8 text");
        }
        if (text.isBlank()) {
            return Contents.empty();
        }
        JsonElement tree;
        boolean trailing;
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            tree = JsonParser.parseReader(reader);
            trailing = reader.peek() != JsonToken.END_DOCUMENT;
        } catch (JsonParseException | IOException e) {
            throw notAStore(file, "invalid JSON" + position(e));
        }
        if (trailing) {
            throw notAStore(file, "text after the JSON object");
        }
        if (!tree.isJsonObject()) {
            throw notAStore(file, "not a JSON object");
        }
        JsonObject root = tree.getAsJsonObject();
        checkVersion(file, root.get("version"));
        JsonElement accounts = root.get("accounts");
        if (accounts == null || !accounts.isJsonObject()) {
            throw notAStore(file, "no \"accounts\" object");
        }
        Map<String, StoredAccount> decoded = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : accounts.getAsJsonObject().entrySet()) {
            decoded.put(e.getKey(), fromJson(file, e.getKey(), e.getValue()));
        }
        return new Contents(root, Collections.unmodifiableMap(decoded));
    }

    private static void checkVersion(Path file, JsonElement version) throws IOException {
        if (version == null || !version.isJsonPrimitive() || !version.getAsJsonPrimitive().isNumber()) {
            throw notAStore(file, "no \"version\" number");
        }
        String v = version.getAsString();
        if (v.equals(String.valueOf(VERSION))) {
            return;
        }
        if (v.matches("[1-9][0-9]{0,8}")) {
            // A newer release's file: refusing to touch it keeps its tokens for that release.
            throw new IOException(file + " was written by a newer mail-oauth2 (token store format version " + v
                    + "; this one reads version " + VERSION + "); use that release, or move the file away and"
                    + " authorize again");
        }
        throw notAStore(file, "unknown format version");
    }

    private static StoredAccount fromJson(Path file, String account, JsonElement entry) throws IOException {
        if (!entry.isJsonObject()) {
            throw notAStore(file, "the entry of account \"" + account + "\" is not an object");
        }
        JsonObject o = entry.getAsJsonObject();
        Instant updatedAt = instant(file, account, o, UPDATED_AT);
        if (updatedAt == null) {
            throw notAStore(file, "the entry of account \"" + account + "\" has no \"" + UPDATED_AT + "\"");
        }
        return new StoredAccount(string(file, account, o, REFRESH_TOKEN), string(file, account, o, ACCESS_TOKEN),
                instant(file, account, o, ACCESS_TOKEN_EXPIRES_AT), string(file, account, o, SCOPE),
                string(file, account, o, TOKEN_URL), string(file, account, o, CLIENT_ID), updatedAt,
                instant(file, account, o, REFRESH_TOKEN_ISSUED_AT), instant(file, account, o, LAST_REFRESH_AT),
                string(file, account, o, REFUSAL), instant(file, account, o, BACKOFF_UNTIL), string(file, account, o, BACKOFF_CAUSE));
    }

    private static String string(Path file, String account, JsonObject o, String field) throws IOException {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw notAStore(file, "\"" + field + "\" of account \"" + account + "\" is not a string");
        }
        return e.getAsString();
    }

    private static Instant instant(Path file, String account, JsonObject o, String field) throws IOException {
        String s = string(file, account, o, field);
        try {
            return s == null ? null : Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw notAStore(file, "\"" + field + "\" of account \"" + account
                    + "\" is not an ISO-8601 instant such as 2026-01-01T10:00:00Z");
        }
    }

    private static JsonObject toJson(StoredAccount a) {
        JsonObject o = new JsonObject();
        put(o, REFRESH_TOKEN, a.refreshToken());
        put(o, ACCESS_TOKEN, a.accessToken());
        put(o, ACCESS_TOKEN_EXPIRES_AT, a.accessTokenExpiresAt());
        put(o, SCOPE, a.scope());
        put(o, TOKEN_URL, a.tokenUrl());
        put(o, CLIENT_ID, a.clientId());
        put(o, UPDATED_AT, a.updatedAt());
        put(o, REFRESH_TOKEN_ISSUED_AT, a.refreshTokenIssuedAt());
        put(o, LAST_REFRESH_AT, a.lastRefreshAt());
        put(o, REFUSAL, a.refusal());
        put(o, BACKOFF_UNTIL, a.backoffUntil());
        put(o, BACKOFF_CAUSE, a.backoffCause());
        return o;
    }

    private static void put(JsonObject o, String field, Object value) {
        if (value != null) {
            o.add(field, new JsonPrimitive(value.toString()));
        }
    }

    /** " at line 3, column 12" taken from Gson's message, which is otherwise not repeated. */
    private static String position(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            Matcher m = POSITION.matcher(String.valueOf(t.getMessage()));
            if (m.find()) {
                return " at line " + m.group(1) + ", column " + m.group(2);
            }
        }
        return "";
    }

    private static IOException notAStore(Path file, String why) {
        return new IOException(file + " is not a mail-oauth2 token store (" + why
                + "); move it away and authorize again");
    }
}
