package io.github.mailoauth2.internal.sources;

import io.github.mailoauth2.token.OAuth2Config;
import io.github.mailoauth2.token.OAuth2Properties;
import io.github.mailoauth2.token.TokenSource;
import io.github.mailoauth2.token.TokenSourceFactory;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.Executor;

/** {@code command}: a program prints the token (pizauth, oama, a vault CLI); see {@link CommandFetcher}. */
final class CommandSourceFactory implements TokenSourceFactory {
    static final String NAME = "command";

    private final Executor background;
    private final TokenEvents.Sink events;

    CommandSourceFactory(Executor background, TokenEvents events) {
        this.background = background;
        this.events = events.sink(NAME);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TokenSource create(OAuth2Config config) throws IOException {
        Clock clock = Clock.systemUTC();
        String command = config.require(OAuth2Properties.COMMAND, "the command source runs it to get a token");
        CommandFetcher fetcher = new CommandFetcher(command, config.seconds(OAuth2Properties.TIMEOUT, RefreshPolicy.DEFAULT_TIMEOUT), clock);
        return new CachingTokenSource(fetcher, RefreshPolicy.configured(config),
                config.get(OAuth2Properties.ACCOUNT).orElse(null), clock, background, events);
    }
}
