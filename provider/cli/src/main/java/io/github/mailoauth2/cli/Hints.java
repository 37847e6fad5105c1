package io.github.mailoauth2.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What usually fixes a failed login, from what the server and the token endpoint said. */
final class Hints {
    private Hints() {
    }

    static List<String> forFailure(String message, String user) {
        String text = message == null ? "" : message;
        String lower = text.toLowerCase(Locale.ROOT);
        List<String> hints = new ArrayList<>();
        if (lower.contains("invalid_grant") || text.contains("AADSTS70008") || text.contains("AADSTS700082")
                || text.contains("AADSTS50173")) {
            hints.add("The refresh token was revoked or has expired: run authorize again for " + user + ".");
        }
        if (text.contains("AADSTS65001")) {
            hints.add("Microsoft: the user or an admin has not consented to the app's mail scopes; authorize again"
                    + " or grant admin consent in Entra ID.");
        }
        if (text.contains("AADSTS7000215") || lower.contains("invalid_client")) {
            hints.add("The client id or secret is wrong (or the secret expired): check the app registration.");
        }
        if (text.contains("AADSTS7000222")) {
            hints.add("Microsoft: the client secret has expired. Create a new one, or use a certificate instead"
                    + " (client-key and client-certificate; docs/microsoft-365.md).");
        }
        if (text.contains("AADSTS700027")) {
            hints.add("Microsoft: the assertion's certificate is not one the app registration has: upload the certificate"
                    + " that belongs to client-key (Certificates & secrets > Certificates).");
        }
        if (lower.contains("invalid_scope")) {
            hints.add("The scope was refused. Gmail: https://mail.google.com/. Microsoft delegated: https://outlook.office.com/"
                    + "IMAP.AccessAsUser.All, POP.AccessAsUser.All, SMTP.Send (not Graph's Mail.*); app-only:"
                    + " https://outlook.office365.com/.default.");
        }
        if (text.contains("AADSTS50020") || text.contains("AADSTS90072")) {
            hints.add("Microsoft: the account is not in this tenant; use --tenant common or the account's own tenant.");
        }
        if (lower.contains("the server rejected the access token") || lower.contains("authenticationfailed")
                || lower.contains("authentication failed") || lower.contains("authenticate failed")) {
            hints.add("The server refused the token. Usually: it expired or was revoked (run refresh), it lacks the mail"
                    + " scope (Google: https://mail.google.com/; Microsoft: IMAP.AccessAsUser.All, POP.AccessAsUser.All,"
                    + " SMTP.Send), or it was issued for another account than --user " + user + " (a shared mailbox opens with"
                    + " a delegate's token when the delegate has Full Access on it and --account names the delegate).");
            hints.add("Microsoft 365: IMAP, POP and SMTP AUTH must be enabled for the mailbox"
                    + " (Set-CASMailbox -ImapEnabled/-PopEnabled, SmtpClientAuthenticationDisabled false).");
        }
        if (lower.contains("connect") && (lower.contains("refused") || lower.contains("timed out") || lower.contains("couldn't"))) {
            hints.add("The server could not be reached: check --host, --port and --tls/--starttls, and any firewall.");
        }
        return hints;
    }
}
