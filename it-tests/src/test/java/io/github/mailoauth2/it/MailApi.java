package io.github.mailoauth2.it;

import java.util.List;

/** The two JavaMail generations an unmodified application may use, with the jars each needs. */
enum MailApi {
    JAKARTA("example.jakartaapp.MailApp",
            List.of("jar.jakarta-mail-api", "jar.angus-mail", "jar.jakarta-activation", "jar.angus-activation")),
    JAVAX("example.javaxapp.MailApp", List.of("jar.javax-adapters", "jar.javax-mail", "jar.javax-activation"));

    final String mainClass;
    final List<String> jarProperties;

    MailApi(String mainClass, List<String> jarProperties) {
        this.mainClass = mainClass;
        this.jarProperties = jarProperties;
    }

    /** The classes Angus or javax.mail name in {@code AuthenticationFailedException}. */
    String authenticationFailed() {
        return this == JAKARTA ? "jakarta.mail.AuthenticationFailedException" : "javax.mail.AuthenticationFailedException";
    }
}
