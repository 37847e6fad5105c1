package io.github.mailoauth2.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AccessTokenTest {

    @Test
    void toStringNeverShowsTheToken() {
        AccessToken token = new AccessToken("ya29.secret-value", Instant.parse("2026-11-25T12:00:00Z"));

        assertThat(token.toString()).isEqualTo("AccessToken[17 chars, expires 2026-11-25T12:00:00Z]");
    }

    @Test
    void blankTokensAreRefused() {
        assertThatThrownBy(() -> new AccessToken(" ", null)).isInstanceOf(IllegalArgumentException.class);
    }
}
