package io.github.mailoauth2.it;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * For each test: a temporary directory with the path of a file token store in it, and a relay in front of
 * Keycloak's token endpoint ({@link CountingProxy}) that counts the token requests outside the code under test.
 */
abstract class KeycloakRelayFixture {
    @TempDir
    Path dir;
    Path store;
    CountingProxy keycloak;

    @BeforeEach
    void startRelay() throws Exception {
        store = dir.resolve("tokens.json");
        keycloak = new CountingProxy(Lab.KC_OIDC + "/token");
    }

    @AfterEach
    void stopRelay() {
        keycloak.close();
    }
}
