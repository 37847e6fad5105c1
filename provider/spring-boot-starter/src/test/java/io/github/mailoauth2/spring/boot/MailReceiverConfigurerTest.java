package io.github.mailoauth2.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Authenticator;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.DirectFieldAccessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.integration.mail.inbound.ImapMailReceiver;
import org.springframework.integration.mail.inbound.Pop3MailReceiver;

/** Spring Integration's receivers get the sender's treatment: settings, SASL keys of their protocol, dummy password, refusals. */
class MailReceiverConfigurerTest {
    private static final Map<String, Object> SETTINGS = Map.of("mail.oauth2.source", "client-credentials",
            "mail.oauth2.token-url", "https://127.0.0.1/token", "mail.oauth2.client-id", "mail-app");

    private static Object configure(Object receiver, Map<String, Object> settings) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", settings));
        MailReceiverConfigurer configurer = new MailReceiverConfigurer();
        configurer.setBeanFactory(new DefaultListableBeanFactory());
        configurer.setEnvironment(environment);
        return configurer.postProcessBeforeInitialization(receiver, "imapReceiver");
    }

    private static Properties javaMailProperties(Object receiver) {
        return (Properties) new DirectFieldAccessor(receiver).getPropertyValue("javaMailProperties");
    }

    private static PasswordAuthentication dummyAsked(Object receiver) throws Exception {
        Authenticator authenticator = (Authenticator) new DirectFieldAccessor(receiver).getPropertyValue("javaMailAuthenticator");
        assertThat(authenticator).as("the receiver's authenticator").isNotNull();
        return Session.getInstance(new Properties(), authenticator).requestPasswordAuthentication(null, 993, "imaps", null, "alice");
    }

    @Test
    void anImapsReceiverGetsTheSaslKeysTheSettingsAndTheDummyPassword() throws Exception {
        ImapMailReceiver receiver = new ImapMailReceiver("imaps://alice@127.0.0.1:993/INBOX");

        configure(receiver, SETTINGS);

        assertThat(javaMailProperties(receiver)).containsEntry("mail.imaps.sasl.enable", "true")
                .containsEntry("mail.imaps.sasl.mechanisms", "XOAUTH2").containsEntry("mail.imaps.auth", "true")
                .containsEntry("mail.oauth2.client-id", "mail-app").doesNotContainKey("mail.imaps.starttls.required");
        PasswordAuthentication asked = dummyAsked(receiver);
        assertThat(asked.getUserName()).isEqualTo("alice");
        assertThat(asked.getPassword()).isEqualTo(SaslKeys.DUMMY_PASSWORD);
    }

    @Test
    void aPlainPop3ReceiverMustUseStartTls() {
        Pop3MailReceiver receiver = new Pop3MailReceiver("pop3://alice@127.0.0.1:110/INBOX");

        configure(receiver, SETTINGS);

        assertThat(javaMailProperties(receiver)).containsEntry("mail.pop3.sasl.enable", "true")
                .containsEntry("mail.pop3.sasl.mechanisms", "XOAUTH2").containsEntry("mail.pop3.starttls.required", "true")
                .containsEntry("mail.pop3.auth.mechanisms", "XOAUTH2");
    }

    @Test
    void theApplicationsOwnSessionGetsTheKeys() {
        Session session = Session.getInstance(new Properties());
        ImapMailReceiver receiver = new ImapMailReceiver("imap://alice:oauth2@127.0.0.1:143/INBOX");
        receiver.setSession(session);

        configure(receiver, SETTINGS);

        assertThat(session.getProperties()).containsEntry("mail.imap.sasl.enable", "true")
                .containsEntry("mail.imap.starttls.required", "true");
    }

    @Test
    void aRealPasswordInTheUrlStopsTheStartWithoutShowingIt() {
        ImapMailReceiver receiver = new ImapMailReceiver("imaps://alice:hunter2-secret@127.0.0.1:993/INBOX");

        assertThatThrownBy(() -> configure(receiver, SETTINGS))
                .hasMessageContaining("the password in the URL of imapReceiver is set while mail.oauth2 settings are configured")
                .hasMessageContaining("Remove the password from imapReceiver's URL").hasMessageNotContaining("hunter2-secret");
    }

    @Test
    void theDummyPasswordInTheUrlIsFine() {
        ImapMailReceiver receiver = new ImapMailReceiver("imaps://alice:oauth2@127.0.0.1:993/INBOX");

        configure(receiver, SETTINGS);

        assertThat(javaMailProperties(receiver)).containsEntry("mail.imaps.sasl.enable", "true");
        assertThat(new DirectFieldAccessor(receiver).getPropertyValue("javaMailAuthenticator")).isNull();
    }

    @Test
    void aMechanismListWithoutOursStopsTheStart() {
        ImapMailReceiver receiver = new ImapMailReceiver("imaps://alice@127.0.0.1:993/INBOX");
        Properties own = new Properties();
        own.setProperty("mail.imaps.sasl.mechanisms", "PLAIN");
        receiver.setJavaMailProperties(own);

        assertThatThrownBy(() -> configure(receiver, SETTINGS)).hasMessageContaining("mail.imaps.sasl.mechanisms is 'PLAIN'")
                .hasMessageContaining("Remove mail.imaps.sasl.mechanisms from the JavaMail properties of imapReceiver");
    }

    @Test
    void withoutMailOAuth2SettingsNothingChanges() {
        ImapMailReceiver receiver = new ImapMailReceiver("imaps://alice:a-password@127.0.0.1:993/INBOX");

        configure(receiver, Map.of());

        assertThat(javaMailProperties(receiver)).isEmpty();
        assertThat(new DirectFieldAccessor(receiver).getPropertyValue("javaMailAuthenticator")).isNull();
    }
}
