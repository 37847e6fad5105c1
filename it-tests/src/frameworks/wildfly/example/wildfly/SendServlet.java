package example.wildfly;

import jakarta.annotation.Resource;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * An ordinary Jakarta EE application's mail: the server's mail session injected by its JNDI name, a message to the
 * session's own user. {@code GET /send?subject=S} answers {@code SENT S <transport class>} or {@code FAILED <exception>}.
 */
@WebServlet("/send")
public final class SendServlet extends HttpServlet {
    @Resource(lookup = "java:jboss/mail/OAuth2")
    private Session session;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        String subject = request.getParameter("subject");
        try {
            MimeMessage message = new MimeMessage(session);
            InternetAddress address = new InternetAddress(session.getProperty("mail.smtp.user"));
            message.setFrom(address);
            message.setRecipient(Message.RecipientType.TO, address);
            message.setSubject(subject);
            message.setText("sent by " + SendServlet.class.getName());
            Transport transport = session.getTransport("smtp");
            transport.connect();
            try {
                transport.sendMessage(message, message.getAllRecipients());
            } finally {
                transport.close();
            }
            response.getWriter().println("SENT " + subject + " " + transport.getClass().getName());
        } catch (MessagingException e) {
            response.getWriter().println("FAILED " + e);
        }
    }
}
