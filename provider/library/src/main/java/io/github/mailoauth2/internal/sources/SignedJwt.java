package io.github.mailoauth2.internal.sources;

import com.google.api.client.json.webtoken.JsonWebSignature;
import com.google.api.client.json.webtoken.JsonWebToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Signs the JWTs that stand for a client or a service account (RFC 7523): RS256 with
 * google-http-client's {@link JsonWebSignature}, ES256 (an EC P-256 key) with the JDK's
 * {@link Signature} in the JOSE signature format; the certificate's thumbprints go into the header.
 */
final class SignedJwt {
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private SignedJwt() {
    }

    /**
     * The claims every assertion has: a unique {@code jti}, {@code iat} and {@code nbf} now,
     * {@code exp} after {@code lifetime} seconds.
     */
    static JsonWebToken.Payload claims(String issuer, String subject, String audience, Instant now, long lifetime) {
        return new JsonWebToken.Payload().setIssuer(issuer).setSubject(subject).setAudience(audience)
                .setJwtId(UUID.randomUUID().toString()).setIssuedAtTimeSeconds(now.getEpochSecond())
                .setNotBeforeTimeSeconds(now.getEpochSecond()).setExpirationTimeSeconds(now.getEpochSecond() + lifetime);
    }

    /**
     * The compact JWS of {@code claims}.
     *
     * @param certificate the key's certificate: its SHA-1 thumbprint goes into {@code x5t} (what
     *        Microsoft looks the key up by) and its SHA-256 thumbprint into {@code x5t#S256}; or {@code null}
     * @param keyId the {@code kid} header, or {@code null}
     */
    static String sign(PrivateKey key, X509Certificate certificate, String keyId, JsonWebToken.Payload claims) throws IOException {
        JsonWebSignature.Header header = new JsonWebSignature.Header().setType("JWT").setKeyId(keyId);
        if (certificate != null) {
            header.setX509Thumbprint(thumbprint("SHA-1", certificate));
            header.set("x5t#S256", thumbprint("SHA-256", certificate));
        }
        try {
            if (key.getAlgorithm().equals("RSA")) {
                return JsonWebSignature.signUsingRsaSha256(key, TokenEndpoint.JSON, header.setAlgorithm("RS256"), claims);
            }
            // JsonWebSignature signs RSA only: the same steps with the JDK's ECDSA in JOSE's r||s form (RFC 7518 3.4)
            String content = BASE64URL.encodeToString(TokenEndpoint.JSON.toByteArray(header.setAlgorithm("ES256")))
                    + "." + BASE64URL.encodeToString(TokenEndpoint.JSON.toByteArray(claims));
            Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
            signer.initSign(key);
            signer.update(content.getBytes(StandardCharsets.US_ASCII));
            return content + "." + BASE64URL.encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot sign the assertion with the " + key.getAlgorithm() + " key ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static String thumbprint(String digest, X509Certificate certificate) throws IOException {
        try {
            return BASE64URL.encodeToString(MessageDigest.getInstance(digest).digest(certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IOException("cannot encode the certificate " + certificate.getSubjectX500Principal(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has " + digest, e);
        }
    }
}
