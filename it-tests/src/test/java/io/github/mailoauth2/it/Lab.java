package io.github.mailoauth2.it;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The real servers that {@code lab/start.sh} runs on 127.0.0.1, and the tokens they accept.
 * Every token handed out here is remembered by {@link Secrets} for the leak scan.
 */
final class Lab {
    static final String HOST = "127.0.0.1";
    /**
     * The same servers by the name in the lab's certificate. Angus Mail 1 checks a TLS server's identity by default,
     * and on JDK 16+ (the JDK's own checker out of its reach) matches DNS names only, never an IP address.
     */
    static final String TLS_HOST = "localhost";
    static final int IMAP = 10143;
    static final int IMAPS = 10993;
    static final int POP3 = 10110;
    static final int POP3S = 10995;
    static final int KC_POP3 = 11110;
    static final int KC_POP3S = 11995;
    static final int SUBMISSION = 10587;
    static final int POSTFIX_SUBMISSION = 10588;
    static final int KC_IMAP = 11143;
    static final int KC_SUBMISSION = 11587;
    static final String MOCK_TOKEN_URL = "http://127.0.0.1:18080/default/token";
    static final String KC_OIDC = "http://127.0.0.1:18081/realms/mail/protocol/openid-connect";
    /** Keycloak's confidential client: access tokens live 60 s, refresh tokens are single-use. */
    static final String KC_APP = "mail-app";
    static final String KC_APP_SECRET = "mail-app-secret";
    /** A user of lab/users.passwd: Dovecot's PLAIN (and with it LOGIN) accepts this password, no token. */
    static final String PASSWORD_USER = "bob@example.test";
    static final String PASSWORD_USER_PASSWORD = "bobpw";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Lab() {
    }

    static Path dir() {
        return Path.of(System.getProperty("lab.dir", "/tmp/mail-oauth2-lab"));
    }

    static Path truststore() {
        return dir().resolve("ssl/truststore.p12");
    }

    static Path scripts() {
        return Path.of(System.getProperty("lab.scripts", "lab"));
    }

    /** A fresh mailbox name, so that tests never see each other's mail. */
    static String newUser() {
        return "it-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    }

    /** An access token from mock-oauth2-server whose {@code sub} is {@code user}: Dovecot accepts it for that user. */
    static String mockToken(String user) throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((user + ":secret").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(MOCK_TOKEN_URL))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=mail"))
                .timeout(Duration.ofSeconds(10))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("mock-oauth2-server answered " + response.statusCode() + "; is the lab running (lab/start.sh)?");
        }
        return Secrets.remember(JsonParser.parseString(response.body()).getAsJsonObject().get("access_token").getAsString());
    }

    /**
     * A Keycloak access token for a lab user (alice or bob), from a real authorization-code login
     * driven by {@code kc_login.py}: an RS256 JWT of about 1.1 KB.
     */
    static String keycloakToken(String user) throws IOException, InterruptedException {
        return Secrets.remember(keycloakLogin(user, "mail-cli", null).get("access_token").getAsString());
    }

    /** A real authorization-code login at Keycloak: the token response, its tokens remembered for the leak scan. */
    static com.google.gson.JsonObject keycloakLogin(String user, String client, String secret) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/python3", scripts().resolve("keycloak/kc_login.py").toString(),
                "authcode", "-u", user, "-c", client));
        if (secret != null) {
            command.addAll(List.of("-s", secret));
        }
        Process p = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("kc_login.py failed (exit " + p.exitValue() + "); is Keycloak running (lab/start.sh)?");
        }
        com.google.gson.JsonObject response = JsonParser.parseString(out).getAsJsonObject();
        for (String token : new String[] {"access_token", "refresh_token", "id_token"}) {
            if (response.has(token)) {
                Secrets.remember(response.get(token).getAsString());
            }
        }
        return response;
    }

    /** RFC 7009: revokes a refresh token at Keycloak (and with it the session's tokens). */
    static void revoke(String client, String secret, String refreshToken) throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((client + ":" + secret).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(KC_OIDC + "/revoke"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token_type_hint=refresh_token&token="
                        + java.net.URLEncoder.encode(refreshToken, StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("Keycloak answered " + response.statusCode() + " to the revocation");
        }
    }

    /** A token no server issued: Dovecot's introspection finds it inactive. */
    static String bogusToken() {
        return Secrets.remember("bogus-" + UUID.randomUUID());
    }
}
