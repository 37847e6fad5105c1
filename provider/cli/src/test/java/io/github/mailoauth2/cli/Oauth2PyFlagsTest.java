package io.github.mailoauth2.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** oauth2.py's command lines become the equivalent commands, for Gmail as oauth2.py is. */
class Oauth2PyFlagsTest {
    private final StringWriter err = new StringWriter();

    private String translate(String... args) {
        assertThat(Oauth2PyFlags.isLegacy(args)).isTrue();
        String[] translated = Oauth2PyFlags.translate(args, new PrintWriter(err, true));
        return translated == null ? null : String.join(" ", translated);
    }

    @Test
    void everyActionOfTheSeed() {
        assertThat(translate("--generate_oauth2_token", "--client_id=ID", "--client_secret=SECRET"))
                .isEqualTo("authorize --provider google --client-id ID --client-secret SECRET");
        assertThat(translate("--user=xoauth@gmail.com", "--client_id", "ID", "--client_secret", "SECRET", "--refresh_token=RT"))
                .isEqualTo("refresh --provider google --client-id ID --client-secret SECRET --refresh-token RT");
        assertThat(translate("--generate_oauth2_string", "--user=u@gmail.com", "--access_token=AT", "--quiet"))
                .isEqualTo("string --user u@gmail.com --access-token AT --quiet");
        assertThat(translate("--test_imap_authentication", "--user=u@gmail.com", "--access_token=AT"))
                .isEqualTo("test imap --host imap.gmail.com --user u@gmail.com --access-token AT");
        assertThat(translate("--test_smtp_authentication", "--user=u@gmail.com", "--access_token=AT"))
                .isEqualTo("test smtp --host smtp.gmail.com --port 587 --starttls --user u@gmail.com --access-token AT");
        assertThat(translate("--generate_oauth2_token", "--client_id=ID", "--scope=https://mail.google.com/ openid"))
                .isEqualTo("authorize --provider google --client-id ID --scope https://mail.google.com/ openid");
    }

    @Test
    void mistakesAreNamed() {
        assertThat(translate("--generate_oauth2_token", "--client_idd=ID")).isNull();
        assertThat(err.toString()).contains("unknown oauth2.py option --client_idd");
        assertThat(translate("--generate_oauth2_string", "--test_imap_authentication")).isNull();
        assertThat(err.toString()).contains("give exactly one of");
        assertThat(translate("--user")).isNull();
        assertThat(err.toString()).contains("--user needs a value");
    }

    @Test
    void modernCommandsAreNotLegacy() {
        assertThat(Oauth2PyFlags.isLegacy(new String[] {"authorize", "--user", "x"})).isFalse();
        assertThat(Oauth2PyFlags.isLegacy(new String[] {})).isFalse();
    }
}
