package io.github.mailoauth2.internal.sources;

import io.github.mailoauth2.token.ConfigurationException;
import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.OAuth2Properties;
import java.util.Locale;

/** Endpoints and scopes of the providers people use most, so that users need not look them up. */
enum Preset {
    /** Google refuses the device flow for the Gmail scope: no device endpoint. */
    GOOGLE("https://accounts.google.com/o/oauth2/v2/auth", "https://oauth2.googleapis.com/token", null,
            "https://mail.google.com/", null),
    /** Microsoft wants {@code scope} on every refresh, and rotates refresh tokens on each use. */
    MICROSOFT("{authority}/{tenant}/oauth2/v2.0/authorize", "{authority}/{tenant}/oauth2/v2.0/token",
            "{authority}/{tenant}/oauth2/v2.0/devicecode",
            "https://outlook.office.com/IMAP.AccessAsUser.All https://outlook.office.com/POP.AccessAsUser.All"
                    + " https://outlook.office.com/SMTP.Send offline_access",
            "https://outlook.office365.com/.default"),
    YAHOO("https://api.login.yahoo.com/oauth2/request_auth", "https://api.login.yahoo.com/oauth2/get_token", null, null, null);

    private final String authorizationUrl;
    private final String tokenUrl;
    private final String deviceUrl;
    private final String userScope;
    private final String appScope;

    Preset(String authorizationUrl, String tokenUrl, String deviceUrl, String userScope, String appScope) {
        this.authorizationUrl = authorizationUrl;
        this.tokenUrl = tokenUrl;
        this.deviceUrl = deviceUrl;
        this.userScope = userScope;
        this.appScope = appScope;
    }

    /**
     * The configured preset: {@code preset}, or its former name {@code provider}; {@code null} if neither is set.
     *
     * @throws ConfigurationException if the name is unknown, or both keys are set to different presets
     */
    static Preset of(OAuth2Config config) throws ConfigurationException {
        String preset = config.get(OAuth2Properties.PRESET).orElse(null);
        String provider = config.get(OAuth2Properties.PROVIDER).orElse(null);
        if (preset != null && provider != null && !preset.equalsIgnoreCase(provider)) {
            throw new ConfigurationException(config.where(OAuth2Properties.PRESET) + " is \"" + preset + "\" and "
                    + config.where(OAuth2Properties.PROVIDER) + " (its former name) is \"" + provider + "\"; set "
                    + OAuth2Properties.PRESET + " alone");
        }
        String key = preset != null ? OAuth2Properties.PRESET : OAuth2Properties.PROVIDER;
        String name = preset != null ? preset : provider;
        if (name == null) {
            return null;
        }
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(config.where(key) + " is \"" + name
                    + "\"; known presets: google, microsoft, yahoo (or set token-url instead)");
        }
    }

    /** Whether a preset is named, under either key: then the endpoints are configured. */
    static boolean named(OAuth2Config config) {
        return config.get(OAuth2Properties.PRESET).isPresent() || config.get(OAuth2Properties.PROVIDER).isPresent();
    }

    /** {@code token-url} if set, else the preset's (Microsoft: with {@code authority} and {@code tenant}). */
    static String tokenUrl(OAuth2Config config) throws ConfigurationException {
        Preset preset = of(config);
        return url(config, OAuth2Properties.TOKEN_URL, preset == null ? null : preset.tokenUrl);
    }

    static String authorizationUrl(OAuth2Config config) throws ConfigurationException {
        Preset preset = of(config);
        return url(config, OAuth2Properties.AUTHORIZATION_URL, preset == null ? null : preset.authorizationUrl);
    }

    /** {@code null} when the provider has no device flow (or none for mail, like Google). */
    static String deviceUrl(OAuth2Config config) throws ConfigurationException {
        Preset preset = of(config);
        return url(config, OAuth2Properties.DEVICE_URL, preset == null ? null : preset.deviceUrl);
    }

    static boolean isGoogle(OAuth2Config config) throws ConfigurationException {
        return of(config) == GOOGLE;
    }

    private static String url(OAuth2Config config, String key, String template) {
        return config.get(key).orElse(template == null ? null : template
                .replace("{authority}", config.get(OAuth2Properties.AUTHORITY).orElse("https://login.microsoftonline.com")
                        .replaceAll("/+$", ""))
                .replace("{tenant}", config.get(OAuth2Properties.TENANT).orElse("common")));
    }

    /** {@code scope} if set, else the preset's scope for users ({@code app} false) or for app-only access. */
    static String scope(OAuth2Config config, boolean app) throws ConfigurationException {
        Preset preset = of(config);
        return config.get(OAuth2Properties.SCOPE).orElse(preset == null ? null : app ? preset.appScope : preset.userScope);
    }
}
