package io.github.mailoauth2.internal.sources;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.OAuth2Properties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;

/**
 * A Google service account's JSON key file ({@code service-account-file}), as the Cloud console
 * downloads it. Problems are {@link ConfigurationException}s naming the file and the field, never a value
 * of the key.
 *
 * @param clientEmail the service account's address: the assertions' issuer
 * @param clientId its numeric id: what domain-wide delegation is granted to in the Admin console
 * @param keyId the key's id, the assertions' {@code kid}, or {@code null}
 * @param tokenUri the token endpoint, or {@code null}
 */
record ServiceAccountKey(String clientEmail, String clientId, String keyId, PrivateKey privateKey, String tokenUri) {
    static final String GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";

    @Override
    public String toString() {
        return "ServiceAccountKey[" + clientEmail + "]";
    }

    static ServiceAccountKey read(OAuth2Config config) throws ConfigurationException {
        String file = config.require(OAuth2Properties.SERVICE_ACCOUNT_FILE, "the google-service-account source signs with"
                + " the service account's JSON key (Cloud console: IAM > Service accounts > Keys > Add key > JSON)");
        String where = config.where(OAuth2Properties.SERVICE_ACCOUNT_FILE) + " = " + file;
        JsonObject json;
        try {
            JsonElement parsed = JsonParser.parseString(Files.readString(Path.of(file), StandardCharsets.UTF_8));
            if (!parsed.isJsonObject()) {
                throw new ConfigurationException(where + ": not a JSON object; give the service account's JSON key file");
            }
            json = parsed.getAsJsonObject();
        } catch (IOException e) {
            throw new ConfigurationException(where + ": cannot read it (" + e.getClass().getSimpleName() + ")");
        } catch (JsonParseException e) {
            // Gson's message may quote the file, and the file holds the key: name the problem only
            throw new ConfigurationException(where + ": not JSON; give the service account's JSON key file");
        }
        String type = string(json, "type");
        if (type != null && !type.equals("service_account")) {
            throw new ConfigurationException(where + ": a key of type \"" + type + "\", not \"service_account\";"
                    + " a desktop or web client's file is for the refresh-token source (client-id and client-secret)");
        }
        String clientEmail = required(where, json, "client_email");
        PrivateKey key = ClientKey.privateKey(where + ", field private_key", required(where, json, "private_key"));
        if (!key.getAlgorithm().equals("RSA")) {
            throw new ConfigurationException(where + ", field private_key: not an RSA key; Google signs service-account assertions RS256");
        }
        return new ServiceAccountKey(clientEmail, string(json, "client_id"), string(json, "private_key_id"), key,
                string(json, "token_uri"));
    }

    private static String required(String where, JsonObject json, String field) throws ConfigurationException {
        String value = string(json, field);
        if (value == null || value.isBlank()) {
            throw new ConfigurationException(where + ": no \"" + field + "\"; give the service account's JSON key file");
        }
        return value;
    }

    private static String string(JsonObject json, String field) {
        JsonElement value = json.get(field);
        return value != null && value.isJsonPrimitive() ? value.getAsString() : null;
    }
}
