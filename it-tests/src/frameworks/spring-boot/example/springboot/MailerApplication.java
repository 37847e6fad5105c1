package example.springboot;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * An ordinary Spring Boot application that sends mail through the auto-configured {@link JavaMailSender}: it knows
 * nothing of mail-oauth2; its mail settings are Spring Boot's {@code spring.mail.*}. It sends one message to its own
 * address for each subject among its arguments (the first argument, the harness's properties file, is not a subject).
 * Compiled unchanged against Spring Boot 2.7, 3.5 and 4.0.
 */
@SpringBootApplication
public class MailerApplication implements ApplicationRunner {
    private final JavaMailSender sender;
    private final String address;

    MailerApplication(JavaMailSender sender, @Value("${spring.mail.username}") String address) {
        this.sender = sender;
        this.address = address;
    }

    public static void main(String[] args) {
        SpringApplication.run(MailerApplication.class, args);
    }

    @Override
    public void run(ApplicationArguments args) {
        for (String subject : args.getNonOptionArgs().subList(1, args.getNonOptionArgs().size())) {
            SimpleMailMessage message = new SimpleMailMessage();
            message.setFrom(address);
            message.setTo(address);
            message.setSubject(subject);
            message.setText("sent by " + MailerApplication.class.getName());
            try {
                sender.send(message);
                System.out.println("SENT " + subject);
            } catch (RuntimeException e) {
                System.out.println("FAILED " + e);
                System.exit(1);
            }
        }
    }
}
