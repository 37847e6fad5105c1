package io.github.mailoauth2.internal.sources;

import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.OAuth2Properties;
import io.github.mailoauth2.token.TokenSource;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.Executor;

/** {@code command}: a program prints the token (pizauth, oama, a vault CLI); see {@link CommandFetcher}. */
final class CommandSourceFactory extends CachedSourceFactory {
    static final String NAME = "command";

    CommandSourceFactory(Executor background, TokenEvents events) {
        super(NAME, background, events);
    }

    @Override
    public TokenSource create(OAuth2Config config) throws IOException {
        Clock clock = Clock.systemUTC();
        String command = config.require(OAuth2Properties.COMMAND, "the command source runs it to get a token");
        CommandFetcher fetcher = new CommandFetcher(command, config.seconds(OAuth2Properties.TIMEOUT, RefreshPolicy.DEFAULT_TIMEOUT), clock);
        return cached(config, fetcher, config.get(OAuth2Properties.ACCOUNT).orElse(null), clock);
    }
}
