package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.mailoauth2.MailOAuth2;
import io.github.mailoauth2.sandbox.SandboxServers;
import io.github.mailoauth2.token.TokenRequest;
import io.github.mailoauth2.token.TokenSource;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code source=google-service-account} against mock-oauth2-server's JWT-bearer grant (RFC 7523), in
 * this JVM: a generated key in a Google-shaped JSON key file whose {@code token_uri} points to the mock.
 * The mock copies the assertion's claims into the token it issues (it does not check the signature; the
 * library's unit tests verify it), so the token shows what was asked for; the sandbox's mail servers,
 * which accept a token whose {@code sub} is the login, then take it for IMAP and SMTP. No lab.
 */
class GoogleServiceAccountTest {
    @TempDir
    static Path dir;
    private static SandboxServers servers;

    @BeforeAll
    static void start() throws Exception {
        servers = SandboxServers.startForAssertions(event -> { });
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    private static JsonObject claims(String jwt) {
        return JsonParser.parseString(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8))
                .getAsJsonObject();
    }

    @Test
    void eachMailboxGetsATokenForItselfFromTheJwtBearerGrant() throws Exception {
        TokenSource source = MailOAuth2.tokenSource("imaps", Map.of("mail.oauth2.source", "google-service-account",
                "mail.oauth2.service-account-file", ServiceAccountKeyFile.write(dir, servers.tokenUrl()).toString()));

        for (String mailbox : new String[] {"alice@example.test", "bob@example.test"}) {
            JsonObject claims = claims(source.token(new TokenRequest(mailbox, "imaps", "imap.gmail.com", 993), null).value());

            assertThat(claims.get("sub").getAsString()).isEqualTo(mailbox);
            assertThat(claims.get("scope").getAsString()).isEqualTo("https://mail.google.com/");
            assertThat(claims.get("iss").getAsString()).isEqualTo(servers.issuer());
        }
    }

    @Test
    void anUnmodifiedApplicationLogsInOverImapAndSmtpAsTheMailbox() throws Exception {
        String user = "carol@example.test";
        Properties props = new Properties();
        props.setProperty("mail.imap.sasl.enable", "true");
        props.setProperty("mail.imap.sasl.mechanisms", "XOAUTH2");
        props.setProperty("mail.smtp.auth", "true");
        props.setProperty("mail.smtp.sasl.enable", "true");
        props.setProperty("mail.smtp.sasl.mechanisms", "XOAUTH2");
        props.setProperty("mail.oauth2.source", "google-service-account");
        props.setProperty("mail.oauth2.service-account-file", ServiceAccountKeyFile.write(dir, servers.tokenUrl()).toString());
        Session session = Session.getInstance(props);
        String subject = "from the service account " + UUID.randomUUID();

        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(user));
        message.setRecipients(Message.RecipientType.TO, user);
        message.setSubject(subject);
        message.setText("delegated");
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect("127.0.0.1", servers.smtpPort(), user, "unused");
            transport.sendMessage(message, message.getAllRecipients());
        }
        try (Store store = session.getStore("imap")) {
            store.connect("127.0.0.1", servers.imapPort(), user, "unused");
            assertThat(store.isConnected()).isTrue();
        }
        assertThat(servers.mailboxes().inbox(user)).anyMatch(m -> subject.equals(m.subject()));
    }
}
