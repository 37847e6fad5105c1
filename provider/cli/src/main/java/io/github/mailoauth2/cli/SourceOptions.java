package io.github.mailoauth2.cli;

import io.github.mailoauth2.token.OAuth2Properties;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The client options plus where tokens come from: any of the library's token sources, not only a
 * stored refresh token. Without {@code --source}, {@code -Dmail.oauth2.source} or
 * {@code MAIL_OAUTH2_SOURCE}, the commands use the stored account's refresh token.
 */
final class SourceOptions extends ClientOptions {
    @Option(names = "--source", paramLabel = "NAME",
            description = "Where tokens come from: refresh-token (a stored account, the default), client-credentials (the"
                    + " app's own token: a secret, key or assertion), google-service-account, command, or a plug-in's.")
    String source;

    @Option(names = "--service-account-file", paramLabel = "FILE",
            description = "For --source google-service-account: the service account's JSON key file.")
    String serviceAccountFile;

    @Option(names = "--command", paramLabel = "COMMAND",
            description = "For --source command: a program that prints the access token (pizauth, oama).")
    String command;

    @Option(names = "--account", paramLabel = "ADDRESS",
            description = "The stored account whose token logs in as --user, when that is not --user's own: a delegate's"
                    + " account for a shared mailbox (--user the shared mailbox; Microsoft 365: the delegate has Full Access).")
    String account;

    @Override
    Map<String, String> properties() {
        Map<String, String> props = super.properties();
        put(props, OAuth2Properties.SOURCE, source);
        put(props, OAuth2Properties.SERVICE_ACCOUNT_FILE, serviceAccountFile);
        put(props, OAuth2Properties.COMMAND, command);
        put(props, OAuth2Properties.ACCOUNT, account);
        return props;
    }
}
