package io.github.mailoauth2.store;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A token store in memory, with only the methods a store must have: {@code locked} is the interface's default. */
public final class MemoryTokenStore implements TokenStore {
    private final String name;
    private final Map<String, StoredAccount> accounts = new HashMap<>();

    public MemoryTokenStore(String name) {
        this.name = name;
    }

    @Override
    public synchronized Optional<StoredAccount> read(String account) {
        return Optional.ofNullable(accounts.get(account));
    }

    @Override
    public synchronized Map<String, StoredAccount> readAll() {
        return Map.copyOf(accounts);
    }

    @Override
    public synchronized boolean compareAndSet(String account, String expectedRefreshToken, StoredAccount next) {
        StoredAccount stored = accounts.get(account);
        if (!Objects.equals(stored == null ? null : stored.refreshToken(), expectedRefreshToken)) {
            return false;
        }
        accounts.put(account, next);
        return true;
    }

    @Override
    public synchronized void remove(String account) {
        accounts.remove(account);
    }

    @Override
    public String toString() {
        return name;
    }
}
