package io.github.mailoauth2.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mailoauth2.internal.sources.ConnectPasswordTokenSource;
import io.github.mailoauth2.token.TokenSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** A session's token source is looked up at its first login, not at every connect. */
class SessionSourcesTest {
    private final List<String> lookups = new ArrayList<>();
    private final SessionSources sources = new SessionSources((protocol, properties) -> {
        lookups.add(protocol);
        return new ConnectPasswordTokenSource();
    });

    /** What the adapters pass: the session's own properties object. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Map<String, ?> map(Properties session) {
        return (Map) session;
    }

    @Test
    void aSessionsLaterLoginsReuseTheSourceItsFirstFound() throws Exception {
        Properties session = new Properties();
        session.setProperty("mail.oauth2.token-url", "https://login.example/token");

        TokenSource first = sources.find("imaps", map(session));
        TokenSource again = sources.find("imaps", map(session));

        assertThat(again).isSameAs(first);
        assertThat(lookups).hasSize(1);
    }

    @Test
    void changedPropertiesAnotherProtocolOrAnotherSessionAreLookedUp() throws Exception {
        Properties session = new Properties();
        session.setProperty("mail.oauth2.token-url", "https://login.example/token");
        sources.find("imaps", map(session));

        sources.find("smtp", map(session));
        Properties equalButOther = new Properties();
        equalButOther.putAll(session);
        sources.find("imaps", map(equalButOther));
        session.setProperty("mail.oauth2.client-id", "changed");
        sources.find("imaps", map(session));

        assertThat(lookups).containsExactly("imaps", "smtp", "imaps", "imaps");
    }
}
