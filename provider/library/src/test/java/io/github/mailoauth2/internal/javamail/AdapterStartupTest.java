package io.github.mailoauth2.internal.javamail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Whether an adapter claims its protocol. The protocol names are the tests' own: a claim lasts as long as the JVM. */
class AdapterStartupTest {
    private static final ClassLoader LOADER = AdapterStartupTest.class.getClassLoader();

    @Test
    void anAdapterWhoseClassesLoadClaimsTheProtocol() {
        assertThat(AdapterStartup.protocol("imap-adapters-test", LOADER, "java.lang.String", "java.lang.Integer"))
                .isEqualTo("imap-adapters-test");
    }

    @Test
    void anAdapterThatDoesNotLoadStandsAsideUnderAPrivateName() {
        assertThat(AdapterStartup.protocol("smtp-adapters-test", LOADER, "example.missing.OAuth2SmtpTransport"))
                .isEqualTo("mail-oauth2-unused-smtp-adapters-test");
    }

    @Test
    void anAdapterLackingARequiredClassStandsAsideUnderAPrivateName() {
        assertThat(AdapterStartup.protocol("pop3-adapters-test", LOADER, "java.lang.String", "example.missing.Pop3Mechanism"))
                .isEqualTo("mail-oauth2-unused-pop3-adapters-test");
    }

    @Test
    void claimingLoadsTheAdapterWithoutInitializingIt() {
        // initializing would also initialize the JavaMail class it extends: SMTP's and POP3's for every new session
        assertThat(AdapterStartup.protocol("imaps-adapters-test", LOADER, NotInitialized.class.getName()))
                .isEqualTo("imaps-adapters-test");
        assertThat(INITIALIZED).isEmpty();
    }

    /** The adapters below that have been initialized (a field of theirs would initialize them when read). */
    private static final Set<String> INITIALIZED = ConcurrentHashMap.newKeySet();

    /** An adapter that records its initialization. */
    static final class NotInitialized {
        static {
            INITIALIZED.add(NotInitialized.class.getSimpleName());
        }
    }
}
