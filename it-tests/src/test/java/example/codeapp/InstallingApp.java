package example.codeapp;

import io.github.mailoauth2.MailOAuth2;

/** An application that prefers one explicit line of code to automatic registration. */
public final class InstallingApp {
    public static void main(String[] args) throws Exception {
        MailOAuth2.install();
        example.jakartaapp.MailApp.main(args);
    }
}
