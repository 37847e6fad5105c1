package io.github.mailoauth2.internal.store;

import io.github.mailoauth2.store.MemoryTokenStore;
import io.github.mailoauth2.store.TokenStore;
import io.github.mailoauth2.store.TokenStoreFactory;
import io.github.mailoauth2.token.OAuth2Config;
import java.util.Optional;

/** A token store plug-in, listed in the tests' {@code META-INF/services}: it accepts {@code memory:} locations. */
public final class MemoryStoreFactory implements TokenStoreFactory {
    @Override
    public Optional<TokenStore> open(String location, OAuth2Config config) {
        return location.startsWith("memory:") ? Optional.of(new MemoryTokenStore(location)) : Optional.empty();
    }
}
