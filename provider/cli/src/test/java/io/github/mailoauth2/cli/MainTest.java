package io.github.mailoauth2.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Failures: one line on stderr, in this command line's terms, with the exit status scripts rely on. */
class MainTest {
    @Test
    void aMissingSettingIsNamedAsTheOptionThatSetsIt() {
        Run run = Run.of("refresh", "--refresh-token", "1//0gR", "--client-id", "C");

        assertThat(run.exitStatus()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("error: --token-url (or -Dmail.oauth2.token-url, $MAIL_OAUTH2_TOKEN_URL) is not set;"
                + " set it, or a preset with --preset google|microsoft|yahoo\n");
    }

    @Test
    void settingsThatAreNoOptionsKeepTheirNames() {
        assertThat(Main.optionNames("mail.imap.oauth2.refresh-margin (or mail.oauth2.refresh-margin,"
                + " -Dmail.oauth2.refresh-margin, $MAIL_OAUTH2_REFRESH_MARGIN) must be a whole number of seconds"))
                .startsWith("mail.imap.oauth2.refresh-margin (or mail.oauth2.refresh-margin,");
        assertThat(Main.optionNames("mail.imap.oauth2.provider (or mail.oauth2.provider, -Dmail.oauth2.provider,"
                + " $MAIL_OAUTH2_PROVIDER) is \"nope\"")).isEqualTo("--provider (or -Dmail.oauth2.provider,"
                + " $MAIL_OAUTH2_PROVIDER) is \"nope\"");
    }
}
