package io.github.mailoauth2.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.mailoauth2.store.MemoryTokenStore;
import io.github.mailoauth2.store.TokenStore;
import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.OAuth2Config;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which store {@code mail.oauth2.store} opens; {@link MemoryStoreFactory} is a plug-in listed for the tests. */
class TokenStoresTest {
    @TempDir
    Path dir;

    private static TokenStore open(String store) throws IOException {
        return TokenStores.open(OAuth2Config.of("imap", Map.of("mail.oauth2.store", store)));
    }

    @Test
    void withoutAStoreKeyTheFileStoreAtTheDefaultPath() throws IOException {
        assumeTrue(System.getProperty("mail.oauth2.store") == null && System.getenv("MAIL_OAUTH2_STORE") == null,
                "a token store is configured for this JVM");

        TokenStore store = TokenStores.open(OAuth2Config.of("imap", Map.of()));

        assertThat(store).isInstanceOf(FileTokenStore.class);
        assertThat(((FileTokenStore) store).path()).isEqualTo(StorePaths.defaultPath());
    }

    @Test
    void aPlugInFactoryOpensTheLocationsItAccepts() throws IOException {
        TokenStore store = open("memory:work");

        assertThat(store).isInstanceOf(MemoryTokenStore.class);
        assertThat(store).hasToString("memory:work");
    }

    @Test
    void aLocationNoPlugInAcceptsIsTheFileStoresPath() throws IOException {
        Path file = dir.resolve("tokens.json");

        TokenStore store = open(file.toString());

        assertThat(store).isInstanceOf(FileTokenStore.class);
        assertThat(((FileTokenStore) store).path()).isEqualTo(file);
    }

    @Test
    void aLocationThatNamesNoFileIsAConfigurationErrorNamingTheKey() {
        assertThatThrownBy(() -> open("/"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("mail.imap.oauth2.store")
                .hasMessageContaining("mail.oauth2.store")
                .hasMessageContaining("names no file");
    }

    @Test
    void aSchemeNoPlugInAcceptsIsAConfigurationErrorNotAFileOfThatName() {
        assertThatThrownBy(() -> open("vault://secrets.example.test/mail"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("a \"vault:\" location, and no token store plug-in on the class path accepts it")
                .hasMessageNotContaining("secrets.example.test");
        assertThat(dir.resolve("vault:")).doesNotExist();
    }

    @Test
    void aJdbcUrlIsTheDatabaseStoreNamedWithoutCredentialsAndNotConnectedYet() throws IOException {
        TokenStore store = open("jdbc:postgresql://app:s3cret@db.example.test/mail?password=s3cret");

        assertThat(store.getClass().getSimpleName()).isEqualTo("JdbcTokenStore");
        assertThat(store.toString()).contains("jdbc:postgresql://db.example.test/mail").doesNotContain("s3cret");
    }
}
