package io.github.mailoauth2.internal.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class TokenCipherTest {
    private static final byte[] KEY = new byte[32];
    private static final TokenCipher CIPHER = TokenCipher.fromBase64(Base64.getEncoder().encodeToString(KEY));
    private static final String URL = "https://idp.example.test/token";

    @Test
    void sealsWithAFreshIvAndOpens() throws GeneralSecurityException {
        String a = CIPHER.seal("alice", "refresh_token", URL, "app", "the-token");
        String b = CIPHER.seal("alice", "refresh_token", URL, "app", "the-token");

        assertThat(a).startsWith(TokenCipher.PREFIX).doesNotContain("the-token").isNotEqualTo(b);
        assertThat(CIPHER.open("alice", "refresh_token", URL, "app", a)).isEqualTo("the-token");
        assertThat(TokenCipher.bindsEndpoint(a)).isTrue();
    }

    @Test
    void aValueMovedToAnotherRowOrColumnDoesNotOpen() throws GeneralSecurityException {
        String sealed = CIPHER.seal("alice", "refresh_token", URL, "app", "the-token");

        assertThatThrownBy(() -> CIPHER.open("bob", "refresh_token", URL, "app", sealed)).isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> CIPHER.open("alice", "access_token", URL, "app", sealed)).isInstanceOf(GeneralSecurityException.class);
    }

    /** Whoever can write the table without the key cannot send the token elsewhere. */
    @Test
    void aRowPointedAtAnotherEndpointOrClientDoesNotOpen() throws GeneralSecurityException {
        String sealed = CIPHER.seal("alice", "refresh_token", URL, "app", "the-token");

        assertThatThrownBy(() -> CIPHER.open("alice", "refresh_token", "http://elsewhere/token", "app", sealed))
                .isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> CIPHER.open("alice", "refresh_token", URL, "other", sealed))
                .isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> CIPHER.open("alice", "refresh_token", null, "app", sealed))
                .isInstanceOf(GeneralSecurityException.class);
    }

    /** Rows of the first format stay readable; they do not authenticate their endpoint. */
    @Test
    void valuesOfTheFirstFormatOpenWithoutBindingTheEndpoint() throws GeneralSecurityException {
        String old = firstFormat("alice", "refresh_token", "the-token");

        assertThat(CIPHER.open("alice", "refresh_token", "http://anything/token", null, old)).isEqualTo("the-token");
        assertThat(TokenCipher.isSealed(old)).isTrue();
        assertThat(TokenCipher.bindsEndpoint(old)).isFalse();
    }

    @Test
    void anotherKeyDoesNotOpen() throws GeneralSecurityException {
        byte[] other = new byte[32];
        other[0] = 1;
        String sealed = CIPHER.seal("alice", "refresh_token", URL, "app", "the-token");

        assertThatThrownBy(() -> TokenCipher.fromBase64(Base64.getEncoder().encodeToString(other))
                .open("alice", "refresh_token", URL, "app", sealed)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void plainValuesAndNullPassThrough() throws GeneralSecurityException {
        assertThat(CIPHER.open("alice", "refresh_token", URL, "app", "written-before-the-key")).isEqualTo("written-before-the-key");
        assertThat(CIPHER.seal("alice", "refresh_token", URL, "app", null)).isNull();
    }

    @Test
    void onlyThirtyTwoBytesOfBase64AreAKey() {
        assertThat(TokenCipher.fromBase64(Base64.getEncoder().encodeToString(new byte[16]))).isNull();
        assertThat(TokenCipher.fromBase64("not base64!")).isNull();
    }

    @Test
    void credentialsAndParametersAreCutFromTheUrl() {
        assertThat(StoreUrls.name("jdbc:postgresql://u:pw@db:5432/mail?password=pw&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/mail");
        assertThat(StoreUrls.name("jdbc:sqlserver://db;user=u;password=pw"))
                .isEqualTo("jdbc:sqlserver://db");
        assertThat(StoreUrls.name("jdbc:oracle:thin:scott/tiger@//db:1521/mail")).isEqualTo("jdbc:oracle:thin:@//db:1521/mail");
    }

    /** What releases before the endpoint binding wrote: the account and the column as associated data. */
    static String firstFormat(String account, String column, String plain) throws GeneralSecurityException {
        byte[] iv = new byte[12];
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "AES"), new GCMParameterSpec(128, iv));
        cipher.updateAAD((account + '\0' + column).getBytes(StandardCharsets.UTF_8));
        byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
        byte[] out = new byte[12 + sealed.length];
        System.arraycopy(sealed, 0, out, 12, sealed.length);
        return TokenCipher.PREFIX_V1 + Base64.getEncoder().encodeToString(out);
    }
}
