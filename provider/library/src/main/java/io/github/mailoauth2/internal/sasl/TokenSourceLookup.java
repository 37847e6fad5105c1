package io.github.mailoauth2.internal.sasl;

import io.github.mailoauth2.token.TokenSource;
import java.io.IOException;
import java.util.Map;

/** Finds the token source that a connection's properties configure; handed to the provider when it is made. */
@FunctionalInterface
public interface TokenSourceLookup {
    TokenSource find(String protocol, Map<String, ?> props) throws IOException;
}
