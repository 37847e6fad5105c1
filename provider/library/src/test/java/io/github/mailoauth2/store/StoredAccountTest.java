package io.github.mailoauth2.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class StoredAccountTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final StoredAccount ALICE = new StoredAccount("1//rt-SECRET-refresh", "ya29.SECRET-access",
            T0.plusSeconds(3600), "https://mail.google.com/", "https://oauth2.googleapis.com/token", "client-1", T0);

    @Test
    void toStringShowsTheTokensLengthsNeverTheTokens() {
        assertThat(ALICE.toString())
                .doesNotContain("SECRET", "rt-", "ya29")
                .contains("refreshToken=(20 chars)", "accessToken=(18 chars)", "client-1", "2026-01-01T11:00:00Z");
        assertThat(new StoredAccount(null, null, null, null, null, null, T0).toString())
                .contains("refreshToken=none", "accessToken=none");
    }

    @Test
    void updatedAtIsRequired() {
        assertThatThrownBy(() -> new StoredAccount("rt", null, null, null, null, null, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("updatedAt");
    }

    @Test
    void withAccessTokenReplacesTokenExpiryAndUpdatedAtOnly() {
        Instant later = T0.plusSeconds(60);

        StoredAccount refreshed = ALICE.withAccessToken("ya29.new", later.plusSeconds(3599), later);

        assertThat(refreshed).isEqualTo(new StoredAccount(ALICE.refreshToken(), "ya29.new", later.plusSeconds(3599),
                ALICE.scope(), ALICE.tokenUrl(), ALICE.clientId(), later));
    }

    @Test
    void withRefreshTokenReplacesTheRefreshTokenAndUpdatedAtOnly() {
        Instant later = T0.plusSeconds(60);

        StoredAccount rotated = ALICE.withRefreshToken("1//rt-rotated", later);

        assertThat(rotated).isEqualTo(new StoredAccount("1//rt-rotated", ALICE.accessToken(),
                ALICE.accessTokenExpiresAt(), ALICE.scope(), ALICE.tokenUrl(), ALICE.clientId(), later));
    }
}
