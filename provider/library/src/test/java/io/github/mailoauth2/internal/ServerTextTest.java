package io.github.mailoauth2.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerTextTest {

    @Test
    void echoedSecretsAreRedacted() {
        assertThat(ServerText.clean("refresh token 1//rt-SECRET for client s3cret-value is unknown",
                Arrays.asList("1//rt-SECRET", "s3cret-value", null, "ab")))
                .isEqualTo("refresh token [redacted] for client [redacted] is unknown");
    }

    @Test
    void controlAndBidiCharactersCannotForgeOrReorderALine() {
        assertThat(ServerText.clean("bad\r\nINFO: fake line\u0000\u202Edesrever\u2066x\u2069\u200B", List.of()))
                .isEqualTo("bad INFO: fake line??desrever?x??");
    }

    @Test
    void longTextIsCapped() {
        String cleaned = ServerText.clean("x".repeat(5000), List.of());
        assertThat(cleaned).hasSize(ServerText.MAX_LENGTH + 3).endsWith("...");
        assertThat(ServerText.clean("x".repeat(ServerText.MAX_LENGTH), List.of())).hasSize(ServerText.MAX_LENGTH);
    }

    @Test
    void ordinaryTextIsKeptWithWhiteSpaceFolded() {
        assertThat(ServerText.clean("  AADSTS7000215: Invalid client secret provided.\n  Trace ID: 1  ", List.of()))
                .isEqualTo("AADSTS7000215: Invalid client secret provided. Trace ID: 1");
        assertThat(ServerText.clean("Überprüfen Sie das Konto 日本", List.of())).isEqualTo("Überprüfen Sie das Konto 日本");
        assertThat(ServerText.clean(null, List.of())).isNull();
    }
}
