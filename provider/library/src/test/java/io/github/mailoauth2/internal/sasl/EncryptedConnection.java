package io.github.mailoauth2.internal.sasl;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Runs each test inside a login attempt whose connection is encrypted, as an adapter over TLS would report it. */
final class EncryptedConnection implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EncryptedConnection.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        LoginAttempt attempt = LoginAttempt.begin("imaps", "h", -1);
        attempt.encryptedWhen(() -> true);
        context.getStore(NAMESPACE).put("attempt", attempt);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        context.getStore(NAMESPACE).get("attempt", LoginAttempt.class).close();
    }
}
