package io.github.mailoauth2.internal.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TokenCipherTest {
    private static final TokenCipher CIPHER = TokenCipher.fromBase64(Base64.getEncoder().encodeToString(new byte[32]));

    @Test
    void sealsWithAFreshIvAndOpens() throws GeneralSecurityException {
        String a = CIPHER.seal("alice", "refresh_token", "the-token");
        String b = CIPHER.seal("alice", "refresh_token", "the-token");

        assertThat(a).startsWith(TokenCipher.PREFIX).doesNotContain("the-token").isNotEqualTo(b);
        assertThat(CIPHER.open("alice", "refresh_token", a)).isEqualTo("the-token");
    }

    @Test
    void aValueMovedToAnotherRowOrColumnDoesNotOpen() throws GeneralSecurityException {
        String sealed = CIPHER.seal("alice", "refresh_token", "the-token");

        assertThatThrownBy(() -> CIPHER.open("bob", "refresh_token", sealed)).isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> CIPHER.open("alice", "access_token", sealed)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void anotherKeyDoesNotOpen() throws GeneralSecurityException {
        byte[] other = new byte[32];
        other[0] = 1;
        String sealed = CIPHER.seal("alice", "refresh_token", "the-token");

        assertThatThrownBy(() -> TokenCipher.fromBase64(Base64.getEncoder().encodeToString(other))
                .open("alice", "refresh_token", sealed)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void plainValuesAndNullPassThrough() throws GeneralSecurityException {
        assertThat(CIPHER.open("alice", "refresh_token", "written-before-the-key")).isEqualTo("written-before-the-key");
        assertThat(CIPHER.seal("alice", "refresh_token", null)).isNull();
    }

    @Test
    void onlyThirtyTwoBytesOfBase64AreAKey() {
        assertThat(TokenCipher.fromBase64(Base64.getEncoder().encodeToString(new byte[16]))).isNull();
        assertThat(TokenCipher.fromBase64("not base64!")).isNull();
    }

    @Test
    void credentialsAndParametersAreCutFromTheUrl() {
        assertThat(JdbcTokenStoreFactory.withoutCredentials("jdbc:postgresql://u:pw@db:5432/mail?password=pw&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/mail");
        assertThat(JdbcTokenStoreFactory.withoutCredentials("jdbc:sqlserver://db;user=u;password=pw"))
                .isEqualTo("jdbc:sqlserver://db");
    }
}
