package io.github.mailoauth2.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class SaslKeysTest {

    @Test
    void smtpOnASubmissionPortGetsSaslAndRequiredStartTls() {
        Properties p = new Properties();
        SaslKeys.apply("smtp", p, "spring.mail.properties");
        assertThat(p).containsEntry("mail.smtp.sasl.enable", "true").containsEntry("mail.smtp.sasl.mechanisms", "XOAUTH2")
                .containsEntry("mail.smtp.auth", "true").containsEntry("mail.smtp.starttls.enable", "true")
                .containsEntry("mail.smtp.starttls.required", "true");
    }

    @Test
    void tlsFromTheStartNeedsNoStartTls() {
        Properties p = new Properties();
        SaslKeys.apply("imaps", p, "spring.mail.properties");
        Properties q = new Properties();
        q.setProperty("mail.smtp.ssl.enable", "true");
        SaslKeys.apply("smtp", q, "spring.mail.properties");
        assertThat(p).containsEntry("mail.imaps.sasl.enable", "true").doesNotContainKey("mail.imaps.starttls.required");
        assertThat(q).doesNotContainKey("mail.smtp.starttls.required");
    }

    @Test
    void theApplicationsOwnMechanismListWithOursIsKept() {
        Properties p = new Properties();
        p.setProperty("mail.smtp.sasl.mechanisms", "OAUTHBEARER XOAUTH2");
        SaslKeys.apply("smtp", p, "spring.mail.properties");
        assertThat(p).containsEntry("mail.smtp.sasl.mechanisms", "OAUTHBEARER XOAUTH2");
    }

    @Test
    void aMechanismListWithoutOursStopsTheStart() {
        Properties p = new Properties();
        p.setProperty("mail.smtp.sasl.mechanisms", "PLAIN LOGIN");
        assertThatThrownBy(() -> SaslKeys.apply("smtp", p, "spring.mail.properties")).hasMessageContaining("mail.smtp.sasl.mechanisms is 'PLAIN LOGIN'")
                .hasMessageContaining("would log in with a password");
    }

    /** JavaMail's POP3 has no SASL: without this key it logs in with LOGIN, the token as the password. */
    @Test
    void pop3SelectsJavaMailsXoauth2Mechanism() {
        Properties p = new Properties();
        SaslKeys.apply("pop3s", p, "the JavaMail properties of pop3Receiver");
        assertThat(p).containsEntry("mail.pop3s.auth.mechanisms", "XOAUTH2");
        Properties imap = new Properties();
        SaslKeys.apply("imaps", imap, "spring.mail.properties");
        assertThat(imap).doesNotContainKey("mail.imaps.auth.mechanisms");
    }

    @Test
    void aPop3MechanismListOtherThanXoauth2StopsTheStart() {
        Properties p = new Properties();
        p.setProperty("mail.pop3.auth.mechanisms", "LOGIN XOAUTH2");
        assertThatThrownBy(() -> SaslKeys.apply("pop3", p, "the JavaMail properties of pop3Receiver"))
                .hasMessageContaining("mail.pop3.auth.mechanisms is 'LOGIN XOAUTH2'").hasMessageContaining("set it to XOAUTH2");
        Properties ours = new Properties();
        ours.setProperty("mail.pop3.auth.mechanisms", "xoauth2");
        SaslKeys.apply("pop3", ours, "the JavaMail properties of pop3Receiver");
        assertThat(ours).containsEntry("mail.pop3.auth.mechanisms", "xoauth2");
    }

    @Test
    void optionalStartTlsStopsTheStart() {
        Properties p = new Properties();
        p.setProperty("mail.smtp.starttls.required", "false");
        assertThatThrownBy(() -> SaslKeys.apply("smtp", p, "spring.mail.properties")).hasMessageContaining("unencrypted");
    }

    @Test
    void aRealPasswordWithATokenSourceStopsTheStartWithoutShowingIt() {
        assertThatThrownBy(() -> SaslKeys.password("hunter2-secret", "refresh-token", "spring.mail.password (of mailSender)", "spring.mail.password"))
                .hasMessageContaining("Remove spring.mail.password").hasMessageNotContaining("hunter2-secret");
        assertThat(SaslKeys.password(null, "refresh-token", "spring.mail.password (of mailSender)", "spring.mail.password")).isEqualTo(SaslKeys.DUMMY_PASSWORD);
        assertThat(SaslKeys.password("a-token", "static", "spring.mail.password (of mailSender)", "spring.mail.password")).isEqualTo("a-token");
    }
}
