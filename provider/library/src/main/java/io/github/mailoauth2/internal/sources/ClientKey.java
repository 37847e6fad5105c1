package io.github.mailoauth2.internal.sources;

import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.OAuth2Properties;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client's private key and, if given, its certificate: from PEM files ({@code client-key},
 * {@code client-certificate}) or a PKCS#12 file ({@code client-keystore}). Loaded once, when the
 * token source is created; every problem is a {@link ConfigurationException} that names the key
 * and the file, never the key material.
 *
 * @param key RSA, or EC on P-256
 * @param certificate the certificate registered for the client, or {@code null}
 */
record ClientKey(PrivateKey key, X509Certificate certificate) {
    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");

    @Override
    public String toString() {
        return "ClientKey[" + key.getAlgorithm() + (certificate == null ? "" : ", " + certificate.getSubjectX500Principal()) + "]";
    }

    /** Whether the configuration names a key, so that {@code private-key-jwt} is the default client authentication. */
    static boolean configured(OAuth2Config config) {
        return config.get(OAuth2Properties.CLIENT_KEY).isPresent() || config.get(OAuth2Properties.CLIENT_KEYSTORE).isPresent();
    }

    static ClientKey load(OAuth2Config config) throws ConfigurationException {
        String keyFile = config.get(OAuth2Properties.CLIENT_KEY).orElse(null);
        String keystore = config.get(OAuth2Properties.CLIENT_KEYSTORE).orElse(null);
        if (keyFile != null && keystore != null) {
            throw new ConfigurationException(config.where(OAuth2Properties.CLIENT_KEY) + " and "
                    + config.where(OAuth2Properties.CLIENT_KEYSTORE) + " are both set; set one of them");
        }
        ClientKey loaded;
        if (keystore != null) {
            loaded = fromKeystore(config, keystore);
        } else if (keyFile != null) {
            loaded = fromPem(config, keyFile);
        } else {
            throw new ConfigurationException(config.where(OAuth2Properties.CLIENT_KEY) + " is not set; client-auth"
                    + " private-key-jwt signs with the client's private key: set it to a PEM file (PKCS#8), or set "
                    + OAuth2Properties.CLIENT_KEYSTORE + " to a PKCS#12 file");
        }
        return loaded.checked(config, keystore != null ? OAuth2Properties.CLIENT_KEYSTORE : OAuth2Properties.CLIENT_KEY);
    }

    private static ClientKey fromPem(OAuth2Config config, String keyFile) throws ConfigurationException {
        String where = config.where(OAuth2Properties.CLIENT_KEY) + " = " + keyFile;
        String text = read(where, keyFile);
        PrivateKey key = privateKey(where, text);
        List<X509Certificate> certificates = certificates(where, text);
        String certificateFile = config.get(OAuth2Properties.CLIENT_CERTIFICATE).orElse(null);
        if (certificateFile != null) {
            String certWhere = config.where(OAuth2Properties.CLIENT_CERTIFICATE) + " = " + certificateFile;
            certificates = certificates(certWhere, read(certWhere, certificateFile));
            if (certificates.isEmpty()) {
                throw new ConfigurationException(certWhere + ": no \"BEGIN CERTIFICATE\" block (PEM) in the file");
            }
        }
        // a chain starts with the client's own certificate
        return new ClientKey(key, certificates.isEmpty() ? null : certificates.get(0));
    }

    /**
     * The private key in PEM text (a key file, or a Google service-account key's {@code private_key}).
     *
     * @param where the key and file, or the field, for messages
     */
    static PrivateKey privateKey(String where, String pem) throws ConfigurationException {
        Matcher block = PEM.matcher(pem);
        while (block.find()) {
            String type = block.group(1);
            switch (type) {
                case "PRIVATE KEY":
                    return pkcs8(where, decode(where, type, block.group(2)));
                case "RSA PRIVATE KEY", "EC PRIVATE KEY":
                    throw new ConfigurationException(where + ": the key is in the \"BEGIN " + type + "\" format; convert it"
                            + " to PKCS#8 with `openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8`");
                case "ENCRYPTED PRIVATE KEY":
                    throw new ConfigurationException(where + ": the key is encrypted; decrypt it (`openssl pkcs8 -in KEY"
                            + " -out KEY.pk8`) and keep the file readable only by the application, or use "
                            + OAuth2Properties.CLIENT_KEYSTORE + " (PKCS#12) with its password in $MAIL_OAUTH2_CLIENT_KEYSTORE_PASSWORD");
                default:
                    // certificates, parameters, a public key: not the key
            }
        }
        throw new ConfigurationException(where + ": no \"BEGIN PRIVATE KEY\" block (PEM, PKCS#8) in it");
    }

    private static List<X509Certificate> certificates(String where, String pem) throws ConfigurationException {
        List<X509Certificate> certificates = new ArrayList<>();
        Matcher block = PEM.matcher(pem);
        while (block.find()) {
            if (block.group(1).equals("CERTIFICATE")) {
                certificates.add(certificate(where, decode(where, "CERTIFICATE", block.group(2))));
            }
        }
        return certificates;
    }

    private static ClientKey fromKeystore(OAuth2Config config, String file) throws ConfigurationException {
        String where = config.where(OAuth2Properties.CLIENT_KEYSTORE) + " = " + file;
        char[] password = config.get(OAuth2Properties.CLIENT_KEYSTORE_PASSWORD).orElse("").toCharArray();
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    PrivateKey key = (PrivateKey) store.getKey(alias, password);
                    return new ClientKey(key, store.getCertificate(alias) instanceof X509Certificate c ? c : null);
                }
            }
            throw new ConfigurationException(where + ": the PKCS#12 file holds no private key");
        } catch (IOException e) {
            if (e.getCause() instanceof java.security.UnrecoverableKeyException) {
                throw new ConfigurationException(where + ": wrong password; set "
                        + config.where(OAuth2Properties.CLIENT_KEYSTORE_PASSWORD) + " (best in the environment)");
            }
            throw new ConfigurationException(where + ": cannot read it as PKCS#12 (" + e.getClass().getSimpleName() + ")");
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new ConfigurationException(where + ": cannot read its key (" + e.getClass().getSimpleName() + ")");
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
    }

    /**
     * Refuses a key the assertion could not be signed with, and a certificate that is not the key's
     * (the server would refuse every assertion, Microsoft with AADSTS700027, with no hint why).
     */
    private ClientKey checked(OAuth2Config config, String keyName) throws ConfigurationException {
        String where = config.where(keyName);
        if (key instanceof ECPrivateKey ec && ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new ConfigurationException(where + ": an EC key must be on the P-256 curve (ES256)");
        }
        if (!key.getAlgorithm().equals("RSA") && !key.getAlgorithm().equals("EC")) {
            throw new ConfigurationException(where + ": a " + key.getAlgorithm() + " key; private-key-jwt signs with RSA (RS256)"
                    + " or EC P-256 (ES256)");
        }
        if (certificate != null) {
            try {
                byte[] probe = "mail-oauth2 key check".getBytes(StandardCharsets.US_ASCII);
                String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
                Signature signer = Signature.getInstance(algorithm);
                signer.initSign(key);
                signer.update(probe);
                byte[] signature = signer.sign();
                Signature verifier = Signature.getInstance(algorithm);
                verifier.initVerify(certificate.getPublicKey());
                verifier.update(probe);
                if (verifier.verify(signature)) {
                    return this;
                }
            } catch (GeneralSecurityException e) {
                // a certificate for another kind of key: reported below
            }
            throw new ConfigurationException(where + ": the certificate (" + certificate.getSubjectX500Principal()
                    + ") is not the private key's; give the certificate registered for this key");
        }
        return this;
    }

    private static String read(String where, String file) throws ConfigurationException {
        try {
            return Files.readString(Path.of(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new ConfigurationException(where + ": cannot read it (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static byte[] decode(String where, String type, String base64) throws ConfigurationException {
        try {
            return Base64.getMimeDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(where + ": the \"BEGIN " + type + "\" block is not valid base64");
        }
    }

    private static PrivateKey pkcs8(String where, byte[] der) throws ConfigurationException {
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (InvalidKeySpecException e) {
                // the next algorithm
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("every JVM has " + algorithm, e);
            }
        }
        throw new ConfigurationException(where + ": the \"BEGIN PRIVATE KEY\" block is not an RSA or EC key (PKCS#8)");
    }

    private static X509Certificate certificate(String where, byte[] der) throws ConfigurationException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new ConfigurationException(where + ": the \"BEGIN CERTIFICATE\" block is not an X.509 certificate");
        }
    }
}
