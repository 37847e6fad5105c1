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
 * AES-256-GCM for the tokens in the table, with the JDK's crypto. A sealed value is
 * {@value #PREFIX} followed by the base64 of a fresh 12-byte IV and the ciphertext with its tag. The
 * account and the column are the associated data, so a value copied into another row or column
 * does not open.
 */
final class TokenCipher {
    static final String PREFIX = "aes-gcm:";
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
        return value != null && value.startsWith(PREFIX);
    }

    String seal(String account, String column, String plain) throws GeneralSecurityException {
        if (plain == null) {
            return null;
        }
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        Cipher cipher = cipher(Cipher.ENCRYPT_MODE, iv, account, column);
        byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
        byte[] out = new byte[IV_BYTES + sealed.length];
        System.arraycopy(iv, 0, out, 0, IV_BYTES);
        System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
        return PREFIX + Base64.getEncoder().encodeToString(out);
    }

    /** The plain value; a value that is not sealed is returned as it is (rows written before the key was set). */
    String open(String account, String column, String value) throws GeneralSecurityException {
        if (!isSealed(value)) {
            return value;
        }
        byte[] in;
        try {
            in = Base64.getDecoder().decode(value.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("not base64");
        }
        if (in.length < IV_BYTES) {
            throw new GeneralSecurityException("too short");
        }
        Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(in, IV_BYTES), account, column);
        return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
    }

    private Cipher cipher(int mode, byte[] iv, String account, String column) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD((account + '\0' + column).getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
