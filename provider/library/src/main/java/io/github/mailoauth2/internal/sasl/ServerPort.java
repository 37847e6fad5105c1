package io.github.mailoauth2.internal.sasl;

import java.util.Map;

/** The port OAUTHBEARER names in its {@code port=} field, which {@code Sasl.createSaslClient} does not pass. */
final class ServerPort {
    private ServerPort() {
    }

    /** The port of the attempt on this thread, else {@code mail.<protocol>.port}, else the protocol's default. */
    static int resolve(String protocol, Map<String, ?> props) {
        int attempted = LoginAttempt.current().map(LoginAttempt::port).orElse(-1);
        if (attempted > 0) {
            return attempted;
        }
        Object configured = props == null ? null : props.get("mail." + protocol + ".port");
        if (configured != null) {
            try {
                return Integer.parseInt(configured.toString().trim());
            } catch (NumberFormatException e) {
                // JavaMail itself refuses such a port before it gets here; fall back to the default
            }
        }
        switch (protocol) {
            case "imap": return 143;
            case "imaps": return 993;
            case "pop3": return 110;
            case "pop3s": return 995;
            case "smtps": return 465;
            default: return 25;
        }
    }
}
