package io.github.mailoauth2.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class StoredAccountTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final StoredAccount ALICE = new StoredAccount("1//rt-SECRET-refresh", "ya29.SECRET-access",
            T0.plusSeconds(3600), "https://mail.google.com/", "https://oauth2.googleapis.com/token", "client-1", T0);
    /** ALICE just authorized: her refresh token received at T0. */
    private static final StoredAccount AUTHORIZED = new StoredAccount(ALICE.refreshToken(), ALICE.accessToken(),
            ALICE.accessTokenExpiresAt(), ALICE.scope(), ALICE.tokenUrl(), ALICE.clientId(), T0, T0, null, null);

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
    void withRefreshTokenReplacesTheRefreshTokenAndDatesTheNewOne() {
        Instant later = T0.plusSeconds(60);

        StoredAccount rotated = ALICE.withRefreshToken("1//rt-rotated", later);

        assertThat(rotated).isEqualTo(new StoredAccount("1//rt-rotated", ALICE.accessToken(),
                ALICE.accessTokenExpiresAt(), ALICE.scope(), ALICE.tokenUrl(), ALICE.clientId(), later,
                later, null, null));
    }

    @Test
    void theSameRefreshTokenKeepsItsAgeAndItsRefusal() {
        StoredAccount refused = AUTHORIZED.withRefusal("invalid_grant", T0.plusSeconds(5));

        StoredAccount same = refused.withRefreshToken(ALICE.refreshToken(), T0.plusSeconds(60));

        assertThat(same.refreshTokenIssuedAt()).isEqualTo(T0);
        assertThat(same.refusal()).isEqualTo("invalid_grant");
    }

    @Test
    void aRefusalKeepsTheRefreshTokenAndEverythingElse() {
        StoredAccount refreshed = AUTHORIZED.refreshed(null, "ya29.new", T0.plusSeconds(7200), T0.plusSeconds(3000));
        Instant later = T0.plusSeconds(9000);

        StoredAccount refused = refreshed.withRefusal("invalid_grant (Token is not active)", later);

        assertThat(refused).isEqualTo(new StoredAccount(ALICE.refreshToken(), "ya29.new", T0.plusSeconds(7200),
                ALICE.scope(), ALICE.tokenUrl(), ALICE.clientId(), later, T0, T0.plusSeconds(3000),
                "invalid_grant (Token is not active)"));
        assertThat(refused.toString()).contains("refusal=invalid_grant (Token is not active)").doesNotContain("SECRET");
    }

    @Test
    void aSuccessfulRefreshIsDatedAndClearsTheRefusal() {
        StoredAccount refused = AUTHORIZED.withRefusal("invalid_grant", T0.plusSeconds(5));
        Instant later = T0.plusSeconds(60);

        StoredAccount kept = refused.refreshed(null, "ya29.new", later.plusSeconds(3600), later);
        StoredAccount rotated = refused.refreshed("1//rt-rotated", "ya29.new", later.plusSeconds(3600), later);

        assertThat(kept).isEqualTo(new StoredAccount(ALICE.refreshToken(), "ya29.new", later.plusSeconds(3600),
                ALICE.scope(), ALICE.tokenUrl(), ALICE.clientId(), later, T0, later, null));
        assertThat(rotated).isEqualTo(new StoredAccount("1//rt-rotated", "ya29.new", later.plusSeconds(3600),
                ALICE.scope(), ALICE.tokenUrl(), ALICE.clientId(), later, later, later, null));
    }

    @Test
    void aBackoffKeepsEverythingElseAndASuccessfulRefreshClearsIt() {
        StoredAccount refused = AUTHORIZED.withRefusal("invalid_grant", T0.plusSeconds(5));

        StoredAccount backingOff = refused.withBackoff("HTTP 503", T0.plusSeconds(40), T0.plusSeconds(10));

        assertThat(backingOff).isEqualTo(new StoredAccount(refused.refreshToken(), refused.accessToken(),
                refused.accessTokenExpiresAt(), refused.scope(), refused.tokenUrl(), refused.clientId(), T0.plusSeconds(10),
                refused.refreshTokenIssuedAt(), refused.lastRefreshAt(), "invalid_grant", T0.plusSeconds(40), "HTTP 503"));
        assertThat(backingOff.withAccessToken(null, null, T0.plusSeconds(20)).backoffCause()).isEqualTo("HTTP 503");
        assertThat(backingOff.toString()).contains("backoffCause=HTTP 503").doesNotContain("SECRET");
        StoredAccount refreshed = backingOff.refreshed(null, "ya29.new", T0.plusSeconds(3700), T0.plusSeconds(50));
        assertThat(refreshed.backoffUntil()).isNull();
        assertThat(refreshed.backoffCause()).isNull();
    }

    @Test
    void withAccessTokenIsNoRefresh() {
        StoredAccount refused = ALICE.withRefusal("invalid_grant", T0.plusSeconds(5));

        StoredAccount dropped = refused.withAccessToken(null, null, T0.plusSeconds(60));

        assertThat(dropped.lastRefreshAt()).isNull();
        assertThat(dropped.refusal()).isEqualTo("invalid_grant");
        assertThat(dropped.refreshToken()).isEqualTo(ALICE.refreshToken());
    }
}
