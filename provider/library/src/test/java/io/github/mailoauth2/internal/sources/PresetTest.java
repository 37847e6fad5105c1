package io.github.mailoauth2.internal.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.OAuth2Config;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code preset} names the endpoints; {@code provider}, its former name, still works. */
class PresetTest {
    private static OAuth2Config config(Map<String, String> props) {
        return OAuth2Config.of("imap", props);
    }

    @Test
    void presetNamesTheEndpoints() throws ConfigurationException {
        OAuth2Config config = config(Map.of("mail.oauth2.preset", "google"));
        assertThat(Preset.tokenUrl(config)).isEqualTo("https://oauth2.googleapis.com/token");
        assertThat(Preset.named(config)).isTrue();
    }

    @Test
    void providerIsStillReadAsTheFormerName() throws ConfigurationException {
        OAuth2Config config = config(Map.of("mail.oauth2.provider", "yahoo"));
        assertThat(Preset.tokenUrl(config)).isEqualTo("https://api.login.yahoo.com/oauth2/get_token");
        assertThat(Preset.named(config)).isTrue();
    }

    @Test
    void bothKeysNamingTheSamePresetAgree() throws ConfigurationException {
        assertThat(Preset.of(config(Map.of("mail.oauth2.preset", "google", "mail.oauth2.provider", "Google"))))
                .isEqualTo(Preset.GOOGLE);
    }

    @Test
    void bothKeysNamingDifferentPresetsIsAnErrorNamingBoth() {
        assertThatThrownBy(() -> Preset.tokenUrl(config(Map.of("mail.oauth2.preset", "google",
                "mail.oauth2.provider", "microsoft"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("mail.oauth2.preset").hasMessageContaining("\"google\"")
                .hasMessageContaining("mail.oauth2.provider").hasMessageContaining("\"microsoft\"");
    }

    @Test
    void anUnknownPresetNamesTheKeyItCameFrom() {
        assertThatThrownBy(() -> Preset.of(config(Map.of("mail.oauth2.preset", "gmail"))))
                .hasMessageContaining("mail.oauth2.preset").hasMessageContaining("known presets");
    }

    @Test
    void noPresetIsNone() throws ConfigurationException {
        assertThat(Preset.of(config(Map.of()))).isNull();
        assertThat(Preset.named(config(Map.of()))).isFalse();
    }
}
