package io.github.mailoauth2.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** {@code doctor} names the fix for each classic failure, from crafted Microsoft-, Google- and Keycloak-shaped tokens. */
class DoctorTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final String MS_ISSUER = "https://sts.windows.net/11111111-2222-3333-4444-555555555555/";

    /** An unsigned JWT with these claims (doctor never verifies: it is not the token's audience). */
    private static String jwt(String... claims) {
        JsonObject json = new JsonObject();
        for (int i = 0; i < claims.length; i += 2) {
            if (claims[i].equals("exp")) {
                json.addProperty("exp", Long.parseLong(claims[i + 1]));
            } else {
                json.addProperty(claims[i], claims[i + 1]);
            }
        }
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(json.toString().getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }

    private static String later() {
        return String.valueOf(NOW.plusSeconds(3600).getEpochSecond());
    }

    @Test
    void aMicrosoftGraphTokenIsNamed() {
        TokenDiagnosis d = TokenDiagnosis.of(jwt("iss", MS_ISSUER, "aud", "00000003-0000-0000-c000-000000000000",
                "scp", "Mail.Read User.Read", "upn", "alice@contoso.com", "exp", later()), "alice@contoso.com", null, NOW);

        assertThat(d.claims()).containsEntry("aud", "00000003-0000-0000-c000-000000000000").containsEntry("scp", "Mail.Read User.Read");
        assertThat(d.problems()).singleElement().asString().startsWith("This token is for Microsoft Graph, not Exchange Online");
    }

    @Test
    void aDelegatedTokenWithoutSmtpSendSaysSo() {
        TokenDiagnosis d = TokenDiagnosis.of(jwt("iss", MS_ISSUER, "aud", "https://outlook.office.com",
                "scp", "IMAP.AccessAsUser.All POP.AccessAsUser.All", "upn", "alice@contoso.com", "exp", later()), "alice@contoso.com", null, NOW);

        assertThat(d.problems()).singleElement().asString().startsWith("Not granted: SMTP.Send (delegated permission)");
    }

    @Test
    void anAppOnlyTokenWithoutSmtpSendAsAppAndTheExchangeStepsToCheck() {
        TokenDiagnosis d = TokenDiagnosis.of(jwt("iss", MS_ISSUER, "aud", "https://outlook.office365.com", "roles",
                "IMAP.AccessAsApp", "appid", "00000000-app", "tid", "11111111", "exp", later()), "reports@contoso.com", null, NOW);

        assertThat(d.claims()).containsKeys("roles", "appid", "tid");
        assertThat(d.problems()).hasSize(2);
        assertThat(d.problems().get(0)).startsWith("Not granted: POP.AccessAsApp, SMTP.SendAsApp (application permission)");
        assertThat(d.problems().get(1)).contains("New-ServicePrincipal", "Add-MailboxPermission");
    }

    @Test
    void anotherUsersTokenAndAnExpiredOne() {
        TokenDiagnosis d = TokenDiagnosis.of(jwt("iss", "http://127.0.0.1:18081/realms/mail", "azp", "mail-cli",
                "email", "bob@example.test", "scope", "openid email", "exp", String.valueOf(NOW.minusSeconds(600).getEpochSecond())),
                "alice@example.test", null, NOW);

        assertThat(d.claims().get("exp")).endsWith("(expired 10 min ago)");
        assertThat(d.problems()).containsExactly(
                "The token has expired: get a new one (mail-oauth2 refresh --user …), or let the library refresh it.",
                "The token was issued for bob@example.test, not for alice@example.test: log in as bob@example.test,"
                        + " or authorize alice@example.test itself. If alice@example.test is a shared mailbox that"
                        + " bob@example.test has Full Access on, keep alice@example.test as the login and set account to"
                        + " bob@example.test (--account bob@example.test, mail.oauth2.account), so that the delegate's stored"
                        + " token opens it.");
    }

    @Test
    void aDelegatesTokenForASharedMailboxIsNoProblemWithAccountAndNamesTheFullAccessItNeeds() {
        String delegated = jwt("iss", MS_ISSUER, "aud", "https://outlook.office.com", "scp",
                "IMAP.AccessAsUser.All POP.AccessAsUser.All SMTP.Send", "upn", "bob@contoso.com", "exp", later());

        TokenDiagnosis withAccount = TokenDiagnosis.of(delegated, "shared@contoso.com", "BOB@contoso.com", NOW);
        TokenDiagnosis otherAccount = TokenDiagnosis.of(delegated, "shared@contoso.com", "carol@contoso.com", NOW);

        assertThat(withAccount.problems()).isEmpty();
        assertThat(withAccount.notes()).singleElement().asString().startsWith("A shared mailbox: the token is bob@contoso.com's")
                .contains("Add-MailboxPermission -Identity shared@contoso.com -User bob@contoso.com -AccessRights FullAccess");
        assertThat(otherAccount.problems()).singleElement().asString()
                .startsWith("The token was issued for bob@contoso.com, not for the account carol@contoso.com");

        String current = jwt("iss", MS_ISSUER, "aud", "https://outlook.office.com", "scp",
                "IMAP.AccessAsUser.All POP.AccessAsUser.All SMTP.Send", "upn", "bob@contoso.com",
                "exp", String.valueOf(Instant.now().plusSeconds(3600).getEpochSecond()));
        StringWriter out = new StringWriter();
        int status = Main.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), "doctor",
                "--user", "shared@contoso.com", "--account", "bob@contoso.com", "--access-token", current);
        assertThat(status).as(out::toString).isZero();
        assertThat(out.toString()).contains("Note: A shared mailbox: the token is bob@contoso.com's (account), the login"
                + " shared@contoso.com.").doesNotContain(current);
    }

    @Test
    void googleTokensAreOpaqueAndTheScopeIsNamed() {
        assertThat(TokenDiagnosis.of("ya29.a0AfH6SMBx-not-a-jwt", "you@gmail.com", null, NOW).problems()).singleElement().asString()
                .contains("https://mail.google.com/", "gmail.send");
        assertThat(TokenDiagnosis.of(jwt("iss", "https://accounts.google.com", "aud", "123.apps.googleusercontent.com",
                "email", "you@gmail.com", "exp", later()), "you@gmail.com", null, NOW).problems()).singleElement().asString()
                .startsWith("This is a Google ID token, not an access token");
    }

    @Test
    void theCommandPrintsClaimsAndProblemsButNeverTheToken() {
        String token = jwt("iss", MS_ISSUER, "aud", "https://graph.microsoft.com", "upn", "alice@contoso.com",
                "exp", String.valueOf(Instant.now().plusSeconds(3600).getEpochSecond()));
        StringWriter out = new StringWriter();

        int status = Main.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), "doctor", "--user", "alice@contoso.com", "--access-token", token);

        assertThat(status).isEqualTo(1);
        assertThat(out.toString()).contains("aud:", "https://graph.microsoft.com", "- This token is for Microsoft Graph")
                .doesNotContain(token);
    }

    @Test
    void tokenEndpointRefusalsNameTheirFix() {
        assertThat(Hints.forFailure("invalid_client [AADSTS700027] (Client assertion contains an invalid signature)", "a"))
                .anyMatch(h -> h.contains("certificate"));
        assertThat(Hints.forFailure("invalid_client [AADSTS7000222] (The provided client secret keys are expired)", "a"))
                .anyMatch(h -> h.contains("expired") && h.contains("certificate"));
        assertThat(Hints.forFailure("refused: invalid_scope", "a")).anyMatch(h -> h.contains("https://mail.google.com/")
                && h.contains("https://outlook.office.com/"));
    }

    @Test
    void aHealthyTokenSendsOnToTest() {
        String token = jwt("iss", "http://127.0.0.1:18081/realms/mail", "email", "alice@example.test",
                "exp", String.valueOf(Instant.now().plusSeconds(300).getEpochSecond()));
        StringWriter out = new StringWriter();

        assertThat(Main.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), "doctor", "--user", "alice@example.test", "--access-token", token)).isZero();
        assertThat(out.toString()).contains("Nothing wrong found in the token. Next: mail-oauth2 test");
    }
}
