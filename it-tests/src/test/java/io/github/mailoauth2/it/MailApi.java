package io.github.mailoauth2.it;

/** The two JavaMail APIs an unmodified application may be written against, and the example application for each. */
enum MailApi {
    JAKARTA("example.jakartaapp.MailApp"),
    JAVAX("example.javaxapp.MailApp");

    final String mainClass;

    MailApi(String mainClass) {
        this.mainClass = mainClass;
    }

    /** The implementation most tests run this API with: Angus Mail 2, javax.mail 1.6. */
    JavaMail implementation() {
        return this == JAKARTA ? JavaMail.ANGUS_2 : JavaMail.JAVAX_MAIL_1_6;
    }

    /** The classes Angus or javax.mail name in {@code AuthenticationFailedException}. */
    String authenticationFailed() {
        return this == JAKARTA ? "jakarta.mail.AuthenticationFailedException" : "javax.mail.AuthenticationFailedException";
    }
}
