package example.starter;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.mail.ImapMailReceiver;
import org.springframework.integration.mail.Pop3MailReceiver;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * A Spring Boot application with mail-oauth2's starter and nothing of mail-oauth2 in its code: it sends through the
 * auto-configured {@link JavaMailSender} and reads its inbox through that sender's session (its
 * {@code mail.store.protocol}), or with {@code app.receiver-url} through a Spring Integration {@link ImapMailReceiver}
 * bean, with {@code app.pop3-receiver-url} through a {@link Pop3MailReceiver} bean (classes both Spring Integration 6.5
 * and 7.0 have). Compiled unchanged against Spring Boot 3.5 and 4.0. Each argument is a step: {@code send:SUBJECT},
 * {@code receive:SUBJECT}, {@code si-receive:SUBJECT}, {@code si-pop3-receive:SUBJECT}, {@code health} (Actuator's health endpoint's {@code mailOAuth2}
 * component), {@code meters} (the mail.oauth2 meters), {@code pause:FILE} (waits until FILE exists).
 */
@SpringBootApplication
public class StarterApplication implements ApplicationRunner {
    private final JavaMailSenderImpl sender;
    private final ApplicationContext context;
    private final String address;

    StarterApplication(JavaMailSender sender, ApplicationContext context, @Value("${spring.mail.username}") String address) {
        this.sender = (JavaMailSenderImpl) sender;
        this.context = context;
        this.address = address;
    }

    /** A receiver as an application declares it: the URL alone, mail-oauth2's starter does the rest. */
    @Bean
    @ConditionalOnProperty("app.receiver-url")
    static ImapMailReceiver imapReceiver(@Value("${app.receiver-url}") String url) {
        ImapMailReceiver receiver = new ImapMailReceiver(url);
        receiver.setShouldMarkMessagesAsRead(false);
        return receiver;
    }

    /** The same for POP3; it leaves the messages on the server (other steps and tests read the mailbox too). */
    @Bean
    @ConditionalOnProperty("app.pop3-receiver-url")
    static Pop3MailReceiver pop3Receiver(@Value("${app.pop3-receiver-url}") String url) {
        Pop3MailReceiver receiver = new Pop3MailReceiver(url);
        receiver.setShouldDeleteMessages(false);
        return receiver;
    }

    public static void main(String[] args) {
        SpringApplication.run(StarterApplication.class, args);
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        for (String step : args.getNonOptionArgs()) {
            String value = step.substring(step.indexOf(':') + 1);
            if (step.startsWith("send:")) {
                send(value);
            } else if (step.startsWith("receive:")) {
                System.out.println((received(value) ? "RECEIVED " : "NOT RECEIVED ") + value);
            } else if (step.startsWith("si-receive:")) {
                System.out.println((receivedBy(context.getBean(ImapMailReceiver.class)::receive, value) ? "SI RECEIVED " : "SI NOT RECEIVED ") + value);
            } else if (step.startsWith("si-pop3-receive:")) {
                System.out.println((receivedBy(context.getBean(Pop3MailReceiver.class)::receive, value) ? "SI POP3 RECEIVED " : "SI POP3 NOT RECEIVED ")
                        + value);
            } else if (step.equals("health")) {
                health();
            } else if (step.equals("meters")) {
                meters();
            } else if (step.startsWith("pause:")) {
                while (!Files.exists(Path.of(value))) {
                    Thread.sleep(100);
                }
            }
        }
    }

    private void send(String subject) {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(address);
        message.setTo(address);
        message.setSubject(subject);
        message.setText("sent by " + StarterApplication.class.getName());
        try {
            sender.send(message);
            System.out.println("SENT " + subject);
        } catch (RuntimeException e) {
            System.out.println("SEND FAILED " + subject + ": " + e);
        }
    }

    private boolean received(String subject) throws Exception {
        for (int attempt = 0; attempt < 30; attempt++) {
            try (Store store = sender.getSession().getStore()) {
                store.connect(address, sender.getPassword());
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                for (Message message : inbox.getMessages()) {
                    if (subject.equals(message.getSubject())) {
                        return true;
                    }
                }
                inbox.close(false);
            }
            Thread.sleep(1000);
        }
        return false;
    }

    /** Polls a receiver (its {@code receive}: Spring Integration 7.0 has no common type in the old package) for 30 s. */
    private static boolean receivedBy(Callable<Object[]> receiver, String subject) throws Exception {
        for (int attempt = 0; attempt < 30; attempt++) {
            for (Object message : receiver.call()) {
                if (subject.equals(((MimeMessage) message).getSubject())) {
                    return true;
                }
            }
            Thread.sleep(1000);
        }
        return false;
    }

    /** The health endpoint's view of the mailOAuth2 component (reflection: its types differ between Boot 3.5 and 4.0). */
    private void health() throws Exception {
        Object endpoint = context.getBean("healthEndpoint");
        Method forPath = endpoint.getClass().getMethod("healthForPath", String[].class);
        Object health = forPath.invoke(endpoint, (Object) new String[] {"mailOAuth2"});
        Object status = health.getClass().getMethod("getStatus").invoke(health);
        Object details = health.getClass().getMethod("getDetails").invoke(health);
        System.out.println("HEALTH " + status + " " + details);
    }

    private void meters() {
        MeterRegistry registry = context.getBean(MeterRegistry.class);
        for (Meter meter : registry.getMeters()) {
            if (meter.getId().getName().startsWith("mail.oauth2.")) {
                StringBuilder line = new StringBuilder("METER ").append(meter.getId().getName());
                meter.getId().getTags().forEach(tag -> line.append(' ').append(tag.getKey()).append('=').append(tag.getValue()));
                meter.measure().forEach(m -> line.append(" value=").append(m.getValue()));
                System.out.println(line);
            }
        }
    }
}
