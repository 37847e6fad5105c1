package io.github.mailoauth2.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** oauth2.py's command lines become the equivalent commands, for Gmail as oauth2.py is. */
class Oauth2PyFlagsTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private int exitStatus = -1;

    private String translate(String... args) {
        assertThat(Oauth2PyFlags.isLegacy(args)).isTrue();
        Oauth2PyFlags.Translation translation = Oauth2PyFlags.translate(args, new PrintWriter(out, true), new PrintWriter(err, true));
        exitStatus = translation.exitStatus();
        return translation.args() == null ? null : String.join(" ", translation.args());
    }

    @Test
    void everyActionOfOauth2Py() {
        assertThat(translate("--generate_oauth2_token", "--client_id=ID", "--client_secret=SECRET"))
                .isEqualTo("authorize --provider google --client-id ID --client-secret SECRET");
        assertThat(translate("--user=xoauth@gmail.com", "--client_id", "ID", "--client_secret", "SECRET", "--refresh_token=RT"))
                .isEqualTo("refresh --provider google --client-id ID --client-secret SECRET --refresh-token RT");
        assertThat(translate("--refresh_token=RT", "--client_id=ID", "--client_secret=SECRET", "--quiet"))
                .isEqualTo("refresh --provider google --client-id ID --client-secret SECRET --refresh-token RT --quiet");
        assertThat(translate("--generate_oauth2_string", "--user=u@gmail.com", "--access_token=AT", "--quiet"))
                .isEqualTo("string --user u@gmail.com --access-token AT --quiet");
        assertThat(translate("--test_imap_authentication", "--user=u@gmail.com", "--access_token=AT", "--quiet"))
                .isEqualTo("test imap --host imap.gmail.com --user u@gmail.com --access-token AT");
        // oauth2.py: SMTP_SSL to smtp.gmail.com, port 465 (the default with TLS)
        assertThat(translate("--test_smtp_authentication", "--user=u@gmail.com", "--access_token=AT"))
                .isEqualTo("test smtp --host smtp.gmail.com --user u@gmail.com --access-token AT");
        assertThat(translate("--generate_oauth2_token", "--client_id=ID", "--client_secret=S", "--scope=https://mail.google.com/ openid"))
                .isEqualTo("authorize --provider google --client-id ID --client-secret S --scope https://mail.google.com/ openid");
    }

    @Test
    void modernOptionsThatMakeSenseArePassedOn() {
        assertThat(translate("--generate_oauth2_token", "--client_id=ID", "--client_secret=S", "--no-browser", "--user=u@gmail.com"))
                .isEqualTo("authorize --provider google --client-id ID --client-secret S --user u@gmail.com --no-browser");
        assertThat(translate("--no-browser", "--generate_oauth2_token", "--client_id=ID", "--client_secret=S"))
                .isEqualTo("authorize --provider google --client-id ID --client-secret S --no-browser");
        // another server instead of Gmail's
        assertThat(translate("--refresh_token=RT", "--client_id=ID", "--client_secret=S", "--token-url", "https://sso.example.com/token"))
                .isEqualTo("refresh --client-id ID --client-secret S --refresh-token RT --token-url https://sso.example.com/token");
    }

    @Test
    void mistakesAreUsageErrors() {
        assertThat(translate("--generate_oauth2_token", "--client_idd=ID")).isNull();
        assertThat(exitStatus).isEqualTo(2);
        assertThat(err.toString()).contains("no such option: --client_idd");
        assertThat(translate("--quiet=yes", "--generate_oauth2_string")).isNull();
        assertThat(err.toString()).contains("--quiet option does not take a value");
        assertThat(translate("--generate_oauth2_string", "--user")).isNull();
        assertThat(exitStatus).isEqualTo(2);
        assertThat(err.toString()).contains("--user option requires an argument");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void missingOptionsGoToStandardOutputWithExitStatus255() {
        assertThat(translate("--refresh_token=RT", "--client_secret=S")).isNull();
        assertThat(out.toString()).isEqualTo("Missing options: client_id\n");
        assertThat(exitStatus).isEqualTo(255);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void anEmptyRefreshTokenIsNoActionAsInOauth2Py() {
        assertThat(translate("--refresh_token=", "--client_id=ID")).isNull();
        assertThat(out.toString()).endsWith("Nothing to do, exiting.\n");
        assertThat(exitStatus).isZero();
    }

    @Test
    void modernCommandsAreNotOauth2Pys() {
        assertThat(Oauth2PyFlags.isLegacy(new String[] {"authorize", "--user", "x"})).isFalse();
        assertThat(Oauth2PyFlags.isLegacy(new String[] {"string", "--user", "x", "--quiet"})).isFalse();
        assertThat(Oauth2PyFlags.isLegacy(new String[] {"--help"})).isFalse();
        assertThat(Oauth2PyFlags.isLegacy(new String[] {"--no-such-option"})).isFalse();
        assertThat(Oauth2PyFlags.isLegacy(new String[] {})).isFalse();
    }
}
