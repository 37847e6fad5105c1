package io.github.mailoauth2;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailoauth2.internal.javamail.AdapterStartup;
import io.github.mailoauth2.internal.sasl.OAuth2SaslProvider;
import io.github.mailoauth2.token.TokenEvent;
import io.github.mailoauth2.token.TokenEventListener;
import io.github.mailoauth2.token.TokenRequest;
import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MailOAuth2Test {

    /** Stands for Angus Mail's own XOAUTH2 provider, which Angus appends on its first SASL login. */
    static final class CompetingProvider extends Provider {
        private static final long serialVersionUID = 1L;

        CompetingProvider() {
            super("Competitor-OAuth2", "1.0", "test");
            put("SaslClientFactory.XOAUTH2", "example.Factory");
        }
    }

    @AfterEach
    void removeProviders() {
        Security.removeProvider(OAuth2SaslProvider.NAME);
        Security.removeProvider("Competitor-OAuth2");
    }

    @Test
    void installPutsTheProviderFirstOnceOnly() {
        Security.removeProvider(OAuth2SaslProvider.NAME);

        assertThat(MailOAuth2.install()).isTrue();
        assertThat(MailOAuth2.install()).isFalse();

        assertThat(Security.getProviders()[0].getName()).isEqualTo(OAuth2SaslProvider.NAME);
        assertThat(countOurs()).isEqualTo(1);
    }

    @Test
    void installMovesAheadOfAProviderThatAlsoOffersXoauth2() {
        Security.removeProvider(OAuth2SaslProvider.NAME);
        Security.addProvider(new OAuth2SaslProvider());
        Security.insertProviderAt(new CompetingProvider(), 1);

        assertThat(MailOAuth2.install()).isTrue();

        assertThat(Security.getProviders("SaslClientFactory.XOAUTH2")[0].getName()).isEqualTo(OAuth2SaslProvider.NAME);
        assertThat(countOurs()).isEqualTo(1);
    }

    @Test
    void concurrentInstallsInstallExactlyOnce() throws Exception {
        Security.removeProvider(OAuth2SaslProvider.NAME);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            results.add(pool.submit(() -> {
                start.await();
                return MailOAuth2.install();
            }));
        }
        start.countDown();
        int installed = 0;
        for (Future<Boolean> result : results) {
            installed += result.get(10, TimeUnit.SECONDS) ? 1 : 0;
        }
        pool.shutdown();

        assertThat(installed).isEqualTo(1);
        assertThat(countOurs()).isEqualTo(1);
    }

    @Test
    void autoInstallCanBeSwitchedOff() {
        Security.removeProvider(OAuth2SaslProvider.NAME);
        System.setProperty(MailOAuth2.AUTO_INSTALL_PROPERTY, "false");
        try {
            AdapterStartup.autoInstall();
            assertThat(Security.getProvider(OAuth2SaslProvider.NAME)).isNull();
        } finally {
            System.clearProperty(MailOAuth2.AUTO_INSTALL_PROPERTY);
        }
        AdapterStartup.autoInstall();
        assertThat(Security.getProvider(OAuth2SaslProvider.NAME)).isNotNull();
    }

    @Test
    @SuppressWarnings("removal")
    void whereTheSecurityManagerForbidsItTheErrorNamesThePermissionAndAutoInstallOnlyWarns() {
        Security.removeProvider(OAuth2SaslProvider.NAME);
        SecurityManager forbidding = new SecurityManager() {
            @Override
            public void checkPermission(java.security.Permission permission) {
                if (permission instanceof java.security.SecurityPermission && permission.getName().startsWith("insertProvider")) {
                    throw new SecurityException("access denied " + permission);
                }
            }
        };
        try {
            System.setSecurityManager(forbidding);
        } catch (UnsupportedOperationException e) {
            org.junit.jupiter.api.Assumptions.abort("this JVM runs without a security manager (-Djava.security.manager=allow)");
        }
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(MailOAuth2::install)
                    .isInstanceOf(SecurityException.class)
                    .hasMessageContaining("the security manager forbids installing the MailOAuth2 SASL provider")
                    .hasMessageContaining("\"insertProvider\"")
                    .hasMessageContaining("security.provider.N");
            AdapterStartup.autoInstall(); // logs a warning, does not throw
        } finally {
            System.setSecurityManager(null);
        }
        assertThat(Security.getProvider(OAuth2SaslProvider.NAME)).isNull();
    }

    private static long countOurs() {
        return java.util.Arrays.stream(Security.getProviders()).filter(p -> p.getName().equals(OAuth2SaslProvider.NAME)).count();
    }

    @Test
    void tokenEventsReachListenersAddedInCodeAndListedAsServices() throws Exception {
        List<TokenEvent> added = new java.util.concurrent.CopyOnWriteArrayList<>();
        TokenEventListener listener = added::add;
        MailOAuth2.addTokenEventListener(listener);
        String user = "events-" + System.nanoTime() + "@example.test";
        try {
            MailOAuth2.tokenSource("imap", java.util.Map.of("mail.oauth2.source", "command", "mail.oauth2.command", "echo tok"))
                    .token(new TokenRequest(user, "imap", "h", 143), null);
        } finally {
            MailOAuth2.removeTokenEventListener(listener);
        }

        assertThat(added).extracting(TokenEvent::type, TokenEvent::account, TokenEvent::source)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(TokenEvent.Type.REFRESHED, user, "command"));
        assertThat(RecordingEventListener.EVENTS).filteredOn(e -> e.account().equals(user)).hasSize(1);
    }
}
