package io.github.mailoauth2.it;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The lab Keycloak's admin REST API (lab admin {@code admin}/{@code admin}): clients made for one
 * test and deleted after it, so that the realm stays as {@code mail-realm.json} describes it.
 */
final class KeycloakAdmin {
    private static final String BASE = "http://127.0.0.1:18081";
    private static final String REALM = BASE + "/admin/realms/mail";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The admin token: it lives 60 s, less than a slow test class, so a 401 fetches a new one. */
    private String bearer;

    private KeycloakAdmin(String bearer) {
        this.bearer = bearer;
    }

    static KeycloakAdmin login() throws IOException, InterruptedException {
        return new KeycloakAdmin(adminToken());
    }

    private static String adminToken() throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(BASE + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=admin-cli&username=admin&password=admin"))
                .build(), HttpResponse.BodyHandlers.ofString());
        check(response, 200, "the admin login");
        return JsonParser.parseString(response.body()).getAsJsonObject().get("access_token").getAsString();
    }

    /**
     * A confidential client that authenticates with a signed JWT checked against {@code certificateDer},
     * with a service account whose user has the e-mail {@code mailbox} (the lab's Dovecot logs in the
     * token's {@code email}).
     *
     * @return the client's internal id, for {@link #deleteClient}
     */
    String createSignedJwtClient(String clientId, String certificateBase64, String mailbox) throws IOException, InterruptedException {
        JsonObject client = confidentialClient(clientId, "client-jwt");
        client.addProperty("standardFlowEnabled", false);
        client.addProperty("serviceAccountsEnabled", true);
        client.getAsJsonObject("attributes").addProperty("jwt.credential.certificate", certificateBase64);
        return createWithMailbox(client, mailbox);
    }

    /**
     * A confidential client with secret {@code secret} for the client-credentials grant only, whose service-account
     * user has the e-mail {@code mailbox}: app-only tokens that open that mailbox at the Keycloak-checked Dovecot.
     *
     * @return the client's internal id, for {@link #deleteClient}
     */
    String createServiceAccountClient(String clientId, String secret, String mailbox) throws IOException, InterruptedException {
        JsonObject client = confidentialClient(clientId, "client-secret");
        client.addProperty("secret", secret);
        client.addProperty("standardFlowEnabled", false);
        client.addProperty("serviceAccountsEnabled", true);
        return createWithMailbox(client, mailbox);
    }

    /** Creates a service-account client and gives its user the e-mail {@code mailbox}; returns its internal id. */
    private String createWithMailbox(JsonObject client, String mailbox) throws IOException, InterruptedException {
        String id = create(client);
        HttpResponse<String> serviceUser = send("GET", REALM + "/clients/" + id + "/service-account-user", null);
        check(serviceUser, 200, "reading the service-account user");
        // the whole representation back, with the e-mail: a partial one may drop what the user profile keeps
        JsonObject user = JsonParser.parseString(serviceUser.body()).getAsJsonObject();
        user.addProperty("email", mailbox);
        user.addProperty("emailVerified", true);
        check(send("PUT", REALM + "/users/" + user.get("id").getAsString(), user), 204, "giving the service-account user an e-mail");
        return id;
    }

    /**
     * A confidential client like {@code mail-app} (authorization code, refresh tokens, secret {@code secret}) whose
     * access tokens live {@code accessTokenSeconds}: tests of refreshes wait a fraction of {@code mail-app}'s 60 s.
     *
     * @return the client's internal id, for {@link #deleteClient}
     */
    String createShortTokenClient(String clientId, String secret, int accessTokenSeconds) throws IOException, InterruptedException {
        JsonObject client = confidentialClient(clientId, "client-secret");
        client.addProperty("secret", secret);
        client.addProperty("standardFlowEnabled", true);
        JsonArray redirects = new JsonArray();
        redirects.add("http://127.0.0.1/*");
        client.add("redirectUris", redirects);
        client.getAsJsonObject("attributes").addProperty("access.token.lifespan", String.valueOf(accessTokenSeconds));
        client.getAsJsonObject("attributes").addProperty("use.refresh.tokens", "true");
        return create(client);
    }

    private static JsonObject confidentialClient(String clientId, String authenticator) {
        JsonObject client = new JsonObject();
        client.addProperty("clientId", clientId);
        client.addProperty("enabled", true);
        client.addProperty("protocol", "openid-connect");
        client.addProperty("publicClient", false);
        client.addProperty("clientAuthenticatorType", authenticator);
        client.add("attributes", new JsonObject());
        return client;
    }

    /** Creates {@code client}; returns its internal id. */
    private String create(JsonObject client) throws IOException, InterruptedException {
        String clientId = client.get("clientId").getAsString();
        check(send("POST", REALM + "/clients", client), 201, "creating client " + clientId);
        JsonArray found = JsonParser.parseString(send("GET", REALM + "/clients?clientId="
                + URLEncoder.encode(clientId, StandardCharsets.UTF_8), null).body()).getAsJsonArray();
        return found.get(0).getAsJsonObject().get("id").getAsString();
    }

    /** Ends every session of {@code username}, as an administrator does after a stolen laptop: its refresh tokens die. */
    void logOut(String username) throws IOException, InterruptedException {
        HttpResponse<String> users = send("GET", REALM + "/users?exact=true&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8), null);
        check(users, 200, "looking up " + username);
        String id = JsonParser.parseString(users.body()).getAsJsonArray().get(0).getAsJsonObject().get("id").getAsString();
        check(send("POST", REALM + "/users/" + id + "/logout", null), 204, "logging out " + username);
    }

    void deleteClient(String id) throws IOException, InterruptedException {
        check(send("DELETE", REALM + "/clients/" + id, null), 204, "deleting client " + id);
    }

    private HttpResponse<String> send(String method, String url, JsonObject body) throws IOException, InterruptedException {
        HttpResponse<String> response = sendOnce(method, url, body);
        if (response.statusCode() == 401) {
            bearer = adminToken();
            response = sendOnce(method, url, body);
        }
        return response;
    }

    private HttpResponse<String> sendOnce(String method, String url, JsonObject body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + bearer)
                .timeout(Duration.ofSeconds(20));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void check(HttpResponse<String> response, int expected, String what) throws IOException {
        if (response.statusCode() != expected) {
            throw new IOException("Keycloak answered " + what + " with HTTP " + response.statusCode() + ": " + response.body()
                    + "; is the lab running with Keycloak (lab/start.sh)?");
        }
    }
}
