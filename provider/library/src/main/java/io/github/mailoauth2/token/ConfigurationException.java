package io.github.mailoauth2.token;

import java.io.IOException;

/**
 * The configuration is missing a key, has a misspelled one, or has a value that makes no sense.
 * The message names the key, where it was looked for, and what to do. It surfaces at the first
 * connect that needs a token, as the cause of the login failure.
 */
public final class ConfigurationException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong and how to fix it, naming the key and where it was looked for;
     *        never a secret's value
     */
    public ConfigurationException(String message) {
        super(message);
    }
}
