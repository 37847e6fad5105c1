package io.github.mailoauth2.internal.sources;

import io.github.mailoauth2.token.ClientAuthentication;
import io.github.mailoauth2.token.OAuth2Properties;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * A client assertion someone else signs (workload identity federation), printed by a program run
 * afresh for every token request: {@code cat $AZURE_FEDERATED_TOKEN_FILE}, a cloud CLI that prints an
 * identity token, a signing service's client. It runs as {@link ExternalProgram} says; what it
 * prints is the assertion and is never shown.
 */
final class CommandClientAssertion implements ClientAuthentication {
    private final String clientId;
    private final ExternalProgram program;

    CommandClientAssertion(String clientId, String command, Duration timeout) {
        this.clientId = clientId;
        this.program = new ExternalProgram(command, timeout, "the client assertion command",
                OAuth2Properties.CLIENT_ASSERTION_COMMAND);
    }

    @Override
    public void authenticate(String tokenUrl, Map<String, String> form, Map<String, String> headers) throws IOException {
        String assertion = program.run(Map.of(), "the client assertion (a JWT)");
        // a JWT is one line of base64url and dots: anything else would be refused by the server, less clearly
        if (assertion.lines().count() > 1 || !assertion.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IOException("the client assertion command (mail.oauth2." + OAuth2Properties.CLIENT_ASSERTION_COMMAND
                    + ") printed more than one line, or characters that a JWT does not have; it must print the assertion alone");
        }
        PrivateKeyJwt.put(form, clientId, assertion);
    }

    @Override
    public String toString() {
        // not the command line: its arguments are the user's business, and could hold anything
        return "client-assertion[" + clientId + ", command]";
    }
}
