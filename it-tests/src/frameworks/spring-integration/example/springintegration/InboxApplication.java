package example.springintegration;

import jakarta.mail.internet.MimeMessage;
import java.util.Map;
import java.util.Properties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.mail.dsl.Mail;

/**
 * An ordinary Spring Integration application that waits for mail with an IMAP IDLE inbound adapter: the mailbox's
 * URL in {@code app.mail.url}, the JavaMail properties in {@code app.mail.properties.*}. It prints each message's
 * subject as it arrives, and runs until it is stopped. It knows nothing of mail-oauth2.
 */
@SpringBootApplication
public class InboxApplication {
    public static void main(String[] args) {
        SpringApplication.run(InboxApplication.class, args);
    }

    @Bean
    IntegrationFlow inbox(Environment environment) {
        Binder binder = Binder.get(environment);
        Properties javaMail = new Properties();
        javaMail.putAll(binder.bind("app.mail.properties", Bindable.mapOf(String.class, String.class)).orElse(Map.of()));
        return IntegrationFlow.from(Mail.imapIdleAdapter(binder.bind("app.mail.url", String.class).get())
                        .javaMailProperties(javaMail)
                        .shouldMarkMessagesAsRead(true)
                        .reconnectDelay(2000))
                .handle(message -> {
                    try {
                        System.out.println("RECEIVED " + ((MimeMessage) message.getPayload()).getSubject());
                    } catch (jakarta.mail.MessagingException e) {
                        System.out.println("UNREADABLE " + e);
                    }
                })
                .get();
    }
}
