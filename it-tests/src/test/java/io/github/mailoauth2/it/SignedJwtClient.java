package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A Keycloak client registered with a certificate only (the signed-JWT client authenticator, no
 * secret), whose service-account user has a fresh mailbox: the Keycloak-checked Dovecot logs app-only
 * tokens in as that mailbox. The key and certificate come from {@code openssl}, as an administrator
 * makes them.
 */
final class SignedJwtClient implements AutoCloseable {
    final Path key;
    final Path certificate;
    final String clientId;
    final String mailbox;
    private final KeycloakAdmin admin;
    private final String id;

    private SignedJwtClient(Path key, Path certificate, String clientId, String mailbox, KeycloakAdmin admin, String id) {
        this.key = key;
        this.certificate = certificate;
        this.clientId = clientId;
        this.mailbox = mailbox;
        this.admin = admin;
        this.id = id;
    }

    /** Makes a key and certificate in {@code dir} and registers a client named {@code prefix} and a random suffix. */
    static SignedJwtClient register(Path dir, String prefix) throws Exception {
        Path key = dir.resolve(prefix + "-key.pem");
        Path certificate = dir.resolve(prefix + "-cert.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(),
                "-out", certificate.toString(), "-subj", "/CN=mail-oauth2-it", "-days", "2")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(openssl.waitFor(60, TimeUnit.SECONDS) && openssl.exitValue() == 0).as("openssl made a key").isTrue();
        String clientId = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        String mailbox = Lab.newUser();
        KeycloakAdmin admin = KeycloakAdmin.login();
        String id = admin.createSignedJwtClient(clientId, pemBody(certificate), mailbox);
        return new SignedJwtClient(key, certificate, clientId, mailbox, admin, id);
    }

    /** What a user sets on {@code app} for app-only tokens from the realm's token endpoint as this client. */
    AppRun clientCredentials(AppRun app) {
        return app.set("mail.oauth2.source", "client-credentials")
                .set("mail.oauth2.token-url", Lab.KC_OIDC + "/token")
                .set("mail.oauth2.client-id", clientId);
    }

    /** {@link #clientCredentials} with this client's key and certificate: the library signs the assertions, no secret anywhere. */
    AppRun withKey(AppRun app) {
        return clientCredentials(app).set("mail.oauth2.client-key", key.toString())
                .set("mail.oauth2.client-certificate", certificate.toString());
    }

    @Override
    public void close() throws Exception {
        admin.deleteClient(id);
    }

    private static String pemBody(Path pem) throws Exception {
        return Files.readString(pem, StandardCharsets.US_ASCII).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    }

    /** A client assertion (RFC 7523) for this client, signed with its key by the JDK alone. */
    String assertion() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String claims = "{\"iss\":\"" + clientId + "\",\"sub\":\"" + clientId + "\",\"aud\":\"" + Lab.KC_OIDC + "/token\","
                + "\"jti\":\"" + UUID.randomUUID() + "\",\"iat\":" + now + ",\"exp\":" + (now + 120) + "}";
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String content = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        PrivateKey privateKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pemBody(key))));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(privateKey);
        signer.update(content.getBytes(StandardCharsets.US_ASCII));
        return Secrets.remember(content + "." + b64.encodeToString(signer.sign()));
    }

    /**
     * A shell command that prints a client assertion for this client, freshly signed with its key by
     * {@code openssl} (a new {@code jti} each run), standing in for a cloud CLI that prints an identity
     * token; it appends a line to {@code runs} each time it runs.
     */
    String assertionCommand(Path runs) throws Exception {
        Path script = key.resolveSibling("sign-assertion-" + clientId + ".sh");
        Files.writeString(script, String.join("\n",
                "#!/bin/sh",
                "set -e",
                "echo run >> '" + runs + "'",
                "b64() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }",
                "now=$(date +%s)",
                "header=$(printf '{\"alg\":\"RS256\",\"typ\":\"JWT\"}' | b64)",
                "claims=$(printf '{\"iss\":\"%s\",\"sub\":\"%s\",\"aud\":\"%s\",\"jti\":\"%s\",\"iat\":%s,\"exp\":%s}' \\",
                "  '" + clientId + "' '" + clientId + "' '" + Lab.KC_OIDC + "/token' \"$(openssl rand -hex 16)\" \"$now\" \"$((now + 120))\" | b64)",
                "sig=$(printf '%s.%s' \"$header\" \"$claims\" | openssl dgst -sha256 -sign '" + key + "' -binary | b64)",
                "printf '%s.%s.%s\\n' \"$header\" \"$claims\" \"$sig\"",
                ""));
        return "sh '" + script + "'";
    }
}
