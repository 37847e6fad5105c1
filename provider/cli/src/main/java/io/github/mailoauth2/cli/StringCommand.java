package io.github.mailoauth2.cli;

import io.github.mailoauth2.internal.sasl.SaslStrings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** oauth2.py's {@code --generate_oauth2_string}: the base64 SASL initial response for a user and token. */
@Command(name = "string", mixinStandardHelpOptions = true,
        description = {"Print the XOAUTH2 or OAUTHBEARER string for a user and a token.",
                "The string is the base64 initial response that an IMAP AUTHENTICATE or SMTP AUTH command takes."
                        + " Without --access-token, the stored account's token is used, refreshed if it is due."},
        footer = {"Examples:",
                "  mail-oauth2 string --user xoauth@gmail.com --access-token ya29.AHES6ZRK...",
                "  mail-oauth2 string --user you@contoso.com --mechanism oauthbearer \\",
                "      --host outlook.office365.com --port 993 --quiet"})
final class StringCommand implements Callable<Integer> {
    @Option(names = {"-u", "--user"}, required = true, paramLabel = "ADDRESS", description = "The mailbox address.")
    String user;

    @Option(names = "--access-token", paramLabel = "TOKEN", description = "The access token (default: the stored account's).")
    String accessToken;

    @Option(names = "--mechanism", paramLabel = "NAME", description = "XOAUTH2 (the default) or OAUTHBEARER.")
    Mechanism mechanism = Mechanism.XOAUTH2;

    @Option(names = "--host", paramLabel = "HOST", description = "OAUTHBEARER's host field (default: ${DEFAULT-VALUE}).")
    String host = "imap.gmail.com";

    @Option(names = "--port", paramLabel = "PORT", converter = Numbers.Port.class,
            description = "OAUTHBEARER's port field (default: ${DEFAULT-VALUE}).")
    int port = 993;

    @Option(names = "--quiet", description = "Print only the string.")
    boolean quiet;

    @Mixin
    SourceOptions client = new SourceOptions();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    enum Mechanism { XOAUTH2, OAUTHBEARER }

    @Override
    public Integer call() throws IOException {
        return run(spec.commandLine().getOut());
    }

    int run(PrintWriter out) throws IOException {
        String token = accessToken != null ? accessToken : StoredClient.accessToken(client, user, host, port).value();
        String raw = mechanism == Mechanism.XOAUTH2 ? SaslStrings.xoauth2(user, token) : SaslStrings.oauthBearer(user, host, port, token);
        String encoded = Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        if (!quiet) {
            out.println("OAuth2 argument:");
        }
        out.println(encoded);
        out.flush();
        return 0;
    }
}
