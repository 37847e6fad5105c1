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
