package io.github.mailoauth2.internal.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for the tokens in the table, with the JDK's crypto. A sealed value is {@value #PREFIX}
 * followed by the base64 of a fresh 12-byte IV and the ciphertext with its tag. The associated data
 * is the account, the column, and the row's token endpoint and client id: a value copied into
 * another row or column does not open, nor one whose row was pointed at another endpoint by someone
 * without the key. Values of the first format ({@value #PREFIX_V1}, account and column only) still
 * open, for the store to tell that their endpoint is not authenticated.
 */
final class TokenCipher {
    static final String PREFIX = "aes-gcm2:";
    /** Written before the endpoint was authenticated: the account and the column only. */
    static final String PREFIX_V1 = "aes-gcm:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    private TokenCipher(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** The cipher for a base64 key of 32 bytes; {@code null} for a value that is not one (the caller names the key). */
    static TokenCipher fromBase64(String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
        return key.length == 32 ? new TokenCipher(key) : null;
    }

    static boolean isSealed(String value) {
        return value != null && (value.startsWith(PREFIX) || value.startsWith(PREFIX_V1));
    }

    /** Whether {@code value} authenticates its row's endpoint: sealed in the current format. */
    static boolean bindsEndpoint(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    /** Seals {@code plain} for this account, column, token endpoint and client id (either may be {@code null}). */
    String seal(String account, String column, String tokenUrl, String clientId, String plain) throws GeneralSecurityException {
        if (plain == null) {
            return null;
        }
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        Cipher cipher = cipher(Cipher.ENCRYPT_MODE, iv, associated(account, column, tokenUrl, clientId));
        byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
        byte[] out = new byte[IV_BYTES + sealed.length];
        System.arraycopy(iv, 0, out, 0, IV_BYTES);
        System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
        return PREFIX + Base64.getEncoder().encodeToString(out);
    }

    /**
     * The plain value of a sealed one; a value that is not sealed is returned as it is (the store decides
     * whether to accept it). A value of the current format opens only with the row's endpoint and client id.
     */
    String open(String account, String column, String tokenUrl, String clientId, String value) throws GeneralSecurityException {
        if (!isSealed(value)) {
            return value;
        }
        boolean v1 = !bindsEndpoint(value);
        byte[] in;
        try {
            in = Base64.getDecoder().decode(value.substring(v1 ? PREFIX_V1.length() : PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("not base64");
        }
        if (in.length < IV_BYTES) {
            throw new GeneralSecurityException("too short");
        }
        Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(in, IV_BYTES),
                v1 ? account + '\0' + column : associated(account, column, tokenUrl, clientId));
        return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
    }

    /** Each part marked present or absent, so that a {@code null} endpoint differs from an empty one. */
    private static String associated(String account, String column, String tokenUrl, String clientId) {
        return "v2\0" + account + '\0' + column + '\0' + (tokenUrl == null ? "-" : "+" + tokenUrl) + '\0'
                + (clientId == null ? "-" : "+" + clientId);
    }

    private Cipher cipher(int mode, byte[] iv, String associated) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(associated.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
