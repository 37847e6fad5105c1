package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailoauth2.MailOAuth2;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The token sources of docs/extending.md that wrap MSAL4J and azure-identity ({@code src/frameworks/entra}), compiled
 * against the versions an application declares ({@code frameworks/entra/pom.xml}) and registered as its start-up code
 * does, in a JVM without a network (a namespace of its own): a real login needs an Entra ID tenant, so none is tried,
 * and making the clients must not reach for one. {@link ExamplePluginsTest} checks that the guide quotes these files.
 */
class EntraExamplesIT {
    private static final String TENANT = "00000000-0000-0000-0000-000000000000";
    private static final String CLIENT = "11111111-1111-1111-1111-111111111111";

    /** Registers each example's source with {@code example.entra.EntraSetup} and looks it up as a session would. */
    public static final class Register {
        public static void main(String[] args) throws Exception {
            for (String setup : List.of("withMsal", "withAzureIdentity")) {
                Class.forName("example.entra.EntraSetup").getMethod(setup, String.class, String.class, String.class)
                        .invoke(null, TENANT, CLIENT, "not-a-secret");
                System.out.println(setup + " " + MailOAuth2.tokenSource("imaps", Map.of("mail.oauth2.source", "entra")).getClass().getName());
                MailOAuth2.useTokenSource("entra", null);
            }
        }
    }

    @Test
    void theMsal4jAndAzureIdentityExamplesCompileAndRegisterWithoutANetwork() throws Exception {
        List<String> classPath = new ArrayList<>(Frameworks.classPath("entra"));
        classPath.addAll(List.of(System.getProperty("provider.classpath").split(File.pathSeparator)));
        Path classes = Frameworks.compile("entra", "entra", classPath);
        classPath.add(classes.toString());
        classPath.add(Path.of(Register.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());

        Process app = new ProcessBuilder("unshare", "--net", "--map-root-user",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(File.pathSeparator, classPath), Register.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(app.waitFor(90, TimeUnit.SECONDS)).isTrue();

        assertThat(app.exitValue()).as(out).isZero();
        assertThat(out).contains("withMsal io.github.mailoauth2.internal.sources.ApplicationTokenSource",
                "withAzureIdentity io.github.mailoauth2.internal.sources.ApplicationTokenSource");
    }
}
