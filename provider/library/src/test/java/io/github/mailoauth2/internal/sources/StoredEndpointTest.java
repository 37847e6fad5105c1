package io.github.mailoauth2.internal.sources;

import static io.github.mailoauth2.testing.FakeTokenEndpoint.Answer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mailoauth2.internal.store.FileTokenStore;
import io.github.mailoauth2.store.StoredAccount;
import io.github.mailoauth2.testing.FakeTokenEndpoint;
import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.TokenRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A refresh token stored for one token endpoint is not sent to another: neither by the library's source, which
 * refreshes at its configured endpoint, nor by the command line's refresh. The message names both.
 */
class StoredEndpointTest {
    private static final String ACCOUNT = "alice@example.test";
    private static final String STORED = "https://idp.example.test/token";

    @TempDir
    Path dir;
    private FakeTokenEndpoint configured;

    @AfterEach
    void stop() {
        configured.close();
    }

    private FileTokenStore storeWithAccount() throws Exception {
        FileTokenStore store = new FileTokenStore(dir.resolve("tokens.json"));
        store.compareAndSet(ACCOUNT, null, new StoredAccount("rt-alice", null, null, "mail", STORED, "app", Instant.now()));
        return store;
    }

    @Test
    void theLibrarysSourceRefusesAnAccountStoredForAnotherEndpoint() throws Exception {
        configured = FakeTokenEndpoint.always(json(200, "{\"access_token\":\"at\",\"token_type\":\"Bearer\"}"));
        storeWithAccount();
        Map<String, String> props = Map.of("mail.oauth2.token-url", configured.url(), "mail.oauth2.client-id", "app",
                "mail.oauth2.store", dir.resolve("tokens.json").toString());
        try (TokenSourceRegistry registry = new TokenSourceRegistry(List.of())) {
            assertThatThrownBy(() -> registry.forConnection("imap", props).token(new TokenRequest(ACCOUNT, "imap", "localhost", 993), null))
                    .hasMessageContaining("stored for the token endpoint " + STORED)
                    .hasMessageContaining("the configured one is " + configured.url());
        }
        assertThat(configured.requests()).isZero();
    }

    @Test
    void theCommandLinesRefreshRefusesItToo() throws Exception {
        configured = FakeTokenEndpoint.always(json(200, "{\"access_token\":\"at\",\"token_type\":\"Bearer\"}"));
        FileTokenStore store = storeWithAccount();
        OAuth2Client client = OAuth2Client.of(OAuth2Config.of("imap", Map.of("mail.oauth2.token-url", configured.url(),
                "mail.oauth2.client-id", "app")));

        assertThatThrownBy(() -> client.refreshStored(store, ACCOUNT))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(STORED).hasMessageContaining(configured.url());
        assertThat(configured.requests()).isZero();
        assertThat(store.read(ACCOUNT).orElseThrow().refreshToken()).isEqualTo("rt-alice");
    }
}
