package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A Keycloak JWT (about 1.1 KB) cannot ride on a 512-octet {@code AUTH XOAUTH2 <token>} line:
 * Dovecot answers "Line too long". The client must send {@code AUTH XOAUTH2} alone and the token
 * after the empty 334 (RFC 4954 section 4).
 */
class KeycloakLongTokenIT {
    private static final String ALICE = "alice@example.test";

    @ParameterizedTest
    @EnumSource(MailApi.class)
    void aLongJwtIsSentAfterTheEmpty334AndTheMailArrives(MailApi api) throws Exception {
        String token = Lab.keycloakToken(ALICE);
        assertThat(token.length()).isGreaterThan(900);
        String subject = "long token " + UUID.randomUUID();

        try (TapProxy tap = TapProxy.transparent(Lab.KC_SUBMISSION)) {
            AppRun.Result sent = new AppRun(api).smtp("smtp", tap.port(), "XOAUTH2").user(ALICE, token).run("send", subject);

            assertThat(sent.exitCode()).as(sent::toString).isZero();
            assertThat(tap.clientLines()).contains("AUTH XOAUTH2").allMatch(line -> line.length() <= 512 || !line.startsWith("AUTH"));
        }
        assertThat(Mailbox.waitFor(api, Lab.KC_IMAP, ALICE, token, subject)).isTrue();
    }
}
