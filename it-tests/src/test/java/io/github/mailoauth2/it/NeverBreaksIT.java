package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The drop-in jar never breaks an application: one on a JavaMail that mail-oauth2 does not serve, or on none, runs
 * exactly as it does without our jar, whether the jar comes first or last on its class path or is the Java agent.
 * (Applications whose JavaMail our adapters of one family cannot link with, e.g. Angus Mail 1 next to the Angus
 * Mail 2 adapters, are the compatibility matrix's cells.)
 */
class NeverBreaksIT {

    /** javax.mail 1.4.7 (2013) reads neither our service files nor, in the plugin jar, any provider list. */
    @Test
    void aJavaxMail14ApplicationLogsInWithItsPasswordAsBefore() throws Exception {
        List<String> outputs = new ArrayList<>();
        for (AppRun app : variants(JavaMail.JAVAX_MAIL_1_4.jars())) {
            String subject = "unserved " + UUID.randomUUID();
            AppRun.Result r = app.set("app.imap.protocol", "imap").set("app.imap.host", Lab.HOST)
                    .set("app.imap.port", String.valueOf(Lab.IMAP)).set("app.smtp.protocol", "smtp").set("app.smtp.host", Lab.HOST)
                    .set("app.smtp.port", String.valueOf(Lab.SUBMISSION)).set("mail.smtp.auth", "true")
                    .user(Lab.PASSWORD_USER, Lab.PASSWORD_USER_PASSWORD).run("steps", "imap", "send:" + subject, "await:" + subject);

            assertThat(r.exitCode()).as(r::toString).isZero();
            assertThat(r.err()).as(r::toString).isEmpty();
            outputs.add(r.out().replace(subject, "SUBJECT").replaceAll("messages=\\d+", "messages=N").replaceAll("after \\d+ reads", "after N reads"));
        }
        assertThat(outputs.get(0)).contains("imap OK com.sun.mail.imap.IMAPStore", "send OK com.sun.mail.smtp.SMTPTransport");
        assertThat(outputs).as("without our jar, with it first, last, and as the agent").containsOnly(outputs.get(0));
    }

    @Test
    void anApplicationWithoutJavaMailRunsAsBefore() throws Exception {
        for (AppRun app : variants(List.of())) {
            AppRun.Result r = app.mainClass("example.nomail.PlainApp").run("hello", "world");

            assertThat(r.exitCode()).as(r::toString).isZero();
            assertThat(r.out()).isEqualTo("PLAIN OK hello world\n");
            assertThat(r.err()).as(r::toString).isEmpty();
        }
    }

    /** The application with these jars alone, then with the plugin jar first, last, and as the Java agent. */
    private static List<AppRun> variants(List<String> jars) {
        String plugin = PluginJarIT.pluginJar();
        List<String> first = new ArrayList<>(List.of(plugin));
        first.addAll(jars);
        List<String> last = new ArrayList<>(jars);
        last.add(plugin);
        return List.of(new AppRun(JavaMail.JAVAX_MAIL_1_4).classPathOverride(jars),
                new AppRun(JavaMail.JAVAX_MAIL_1_4).classPathOverride(first),
                new AppRun(JavaMail.JAVAX_MAIL_1_4).classPathOverride(last),
                new AppRun(JavaMail.JAVAX_MAIL_1_4).classPathOverride(jars).jvmArg("-javaagent:" + plugin));
    }
}
