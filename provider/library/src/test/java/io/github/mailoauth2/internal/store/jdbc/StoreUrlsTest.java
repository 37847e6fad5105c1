package io.github.mailoauth2.internal.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Drivers quote the whole URL in their messages; what the store shows of them carries no password. */
class StoreUrlsTest {
    @Test
    void aDriversMessageQuotingTheUrlShowsItsName() {
        String url = "jdbc:postgresql://db:5432/mail?user=app&password=s3cret-pw";

        assertThat(StoreUrls.redact("No suitable driver found for " + url, url, StoreUrls.passwords(url)))
                .isEqualTo("No suitable driver found for jdbc:postgresql://db:5432/mail");
    }

    @Test
    void passwordsInAnyUrlFormAreHidden() {
        assertThat(StoreUrls.redact("Unable to parse URL jdbc:postgresql://db:99999/mail?user=app&password=s3cret-pw", null, List.of()))
                .doesNotContain("s3cret-pw").contains("password=***", "user=app");
        assertThat(StoreUrls.redact("bad URL jdbc:mysql://app:s3cret-pw@db/mail", null, List.of()))
                .doesNotContain("s3cret-pw").contains("//app:***@db");
        assertThat(StoreUrls.redact("IO Error: jdbc:oracle:thin:scott/s3cret-pw@//db:1521/mail", null, List.of()))
                .doesNotContain("s3cret-pw").contains("jdbc:oracle:thin:scott/***@//db:1521/mail");
        assertThat(StoreUrls.redact("x jdbc:sqlserver://db;user=app;Password=s3cret-pw;encrypt=true", null, List.of()))
                .doesNotContain("s3cret-pw");
    }

    @Test
    void theConfiguredPasswordIsHiddenWhereverTheDriverQuotesIt() {
        assertThat(StoreUrls.redact("login as app with s3cret-pw refused", null, List.of("s3cret-pw")))
                .isEqualTo("login as app with *** refused");
    }

    @Test
    void findsThePasswordsOfEachUrlForm() {
        assertThat(StoreUrls.passwords("jdbc:postgresql://db/mail?user=a&password=p1")).containsExactly("p1");
        assertThat(StoreUrls.passwords("jdbc:mysql://a:p2@db/mail")).containsExactly("p2");
        assertThat(StoreUrls.passwords("jdbc:oracle:thin:scott/p3@//db:1521/mail")).containsExactly("p3");
    }
}
