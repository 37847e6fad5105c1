package example.tomcat;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * An ordinary web application's mail: the container's JNDI mail session ({@code java:comp/env/<resource>}), a message
 * to the session's own user. {@code GET /send?resource=mail/Session&subject=S} answers {@code SENT S <transport class>}
 * or {@code FAILED <exception>}.
 */
public final class SendServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        String subject = request.getParameter("subject");
        try {
            Session session = (Session) new InitialContext().lookup("java:comp/env/" + request.getParameter("resource"));
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
        } catch (MessagingException | NamingException e) {
            response.getWriter().println("FAILED " + e);
        }
    }
}
