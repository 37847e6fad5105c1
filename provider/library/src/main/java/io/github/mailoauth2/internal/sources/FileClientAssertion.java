package io.github.mailoauth2.internal.sources;

import io.github.mailoauth2.token.ClientAuthentication;
import io.github.mailoauth2.token.OAuth2Properties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A client assertion someone else signs (workload identity federation): a file that the platform
 * keeps fresh, such as Azure workload identity's {@code AZURE_FEDERATED_TOKEN_FILE} or a Kubernetes
 * projected service-account token, read anew for every token request, since it is replaced before it
 * expires. The pod stores no secret.
 */
final class FileClientAssertion implements ClientAuthentication {
    /** A JWT is a few KB; more is not one. */
    private static final long MAX_SIZE = 64 * 1024;

    private final String clientId;
    private final Path file;

    FileClientAssertion(String clientId, Path file) {
        this.clientId = clientId;
        this.file = file;
    }

    @Override
    public void authenticate(String tokenUrl, Map<String, String> form, Map<String, String> headers) throws IOException {
        String assertion;
        try {
            // the size first: a wrong path (a log file, say) is not read into memory
            assertion = Files.size(file) > MAX_SIZE ? null : Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IOException("cannot read " + what() + " (" + e.getClass().getSimpleName() + ")", e);
        }
        if (assertion == null) {
            throw new IOException(what() + " is larger than " + MAX_SIZE + " bytes: not a client assertion");
        }
        if (assertion.isEmpty()) {
            throw new IOException(what() + " is empty; the platform that provides it (a projected token, workload identity)"
                    + " has not written it yet");
        }
        PrivateKeyJwt.put(form, clientId, assertion);
    }

    private String what() {
        return "the client assertion " + file + " (" + OAuth2Properties.CLIENT_ASSERTION_FILE + ")";
    }

    @Override
    public String toString() {
        return "client-assertion[" + clientId + ", " + file + "]";
    }
}
