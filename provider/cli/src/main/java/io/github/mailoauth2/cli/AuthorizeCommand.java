package io.github.mailoauth2.cli;

import io.github.mailoauth2.internal.sources.OAuth2Client;
import io.github.mailoauth2.internal.sources.TokenResponse;
import io.github.mailoauth2.store.StoredAccount;
import io.github.mailoauth2.store.TokenStore;
import io.github.mailoauth2.token.OAuth2Config;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** oauth2.py's {@code --generate_oauth2_token}: a browser (or device) authorization whose tokens go to the store. */
@Command(name = "authorize", mixinStandardHelpOptions = true,
        description = {"Authorize a mail account once and store its refresh token.",
                "You sign in at the provider and allow mail access. The refresh token is saved in the token store,"
                        + " where the mail-oauth2 library and the other commands find it, and the tokens are printed"
                        + " as oauth2.py prints them.",
                "",
                "A browser opens at the provider's consent page, which then redirects to http://127.0.0.1:PORT/"
                        + " (PKCE S256, with state). Without a browser (over SSH), use --no-browser and paste the"
                        + " address the browser ended at, or --device where the provider allows it (Microsoft,"
                        + " Keycloak)."},
        footer = {"Examples:",
                "  mail-oauth2 authorize --provider google --client-id ID \\",
                "      --client-secret SECRET --user you@gmail.com",
                "  mail-oauth2 authorize --provider microsoft --tenant contoso.com \\",
                "      --client-id ID --user you@contoso.com --device",
                "  mail-oauth2 authorize --token-url https://sso.example.com/token \\",
                "      --authorization-url https://sso.example.com/auth --client-id mail-cli \\",
                "      --scope \"openid offline_access\" --user alice@example.com --no-browser"})
final class AuthorizeCommand implements Callable<Integer> {
    @Option(names = {"-u", "--user"}, paramLabel = "ADDRESS",
            description = "The mailbox address: the store entry, and the login hint at the provider. Without it the"
                    + " tokens are printed, not stored.")
    String user;

    @Option(names = "--no-browser", description = "Print the URL instead of opening it, then read the address the browser ended at.")
    boolean noBrowser;

    @Option(names = "--device", description = "Use the device flow: enter a code in a browser on any device.")
    boolean device;

    @Option(names = "--browser", paramLabel = "COMMAND", description = "The command that opens the URL, in which %%s stands for it; without %%s the URL is appended"
                    + " (default: $BROWSER, else the desktop's browser).")
    String browser;

    @Option(names = "--port", paramLabel = "PORT", converter = Numbers.Port.class,
            description = "The loopback port for the redirect (default: a free one).")
    int port;

    @Option(names = "--timeout", paramLabel = "SECONDS", converter = Numbers.Seconds.class,
            description = "How long to wait for the browser or the device approval (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds = 300;

    @Option(names = "--quiet", description = "Print only the token lines.")
    boolean quiet;

    @Mixin
    ClientOptions client = new ClientOptions();

    @Mixin
    AuthorizationEndpoints endpoints = new AuthorizationEndpoints();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        OAuth2Client oauth = OAuth2Client.of(OAuth2Config.of("imap", endpoints.addTo(client.properties())));
        TokenResponse tokens = device ? deviceFlow(oauth, err) : browserFlow(oauth, err);
        if (user == null) {
            err.println("No --user given: the tokens are not stored.");
        } else if (tokens.refreshToken() == null) {
            err.println("warning: the provider sent no refresh token (for Google add access_type=offline, for Microsoft and"
                    + " Keycloak the offline_access scope); the access token works until it expires, nothing was stored");
        } else {
            save(oauth, tokens);
            if (!quiet) {
                err.println("Saved " + user + " in " + client.tokenStore()); // not --store: a JDBC URL may hold a password
            }
        }
        TokenLines.print(out, tokens);
        return 0;
    }

    private TokenResponse browserFlow(OAuth2Client oauth, PrintWriter err) throws IOException {
        String state;
        try (LoopbackReceiver receiver = new LoopbackReceiver(port)) {
            OAuth2Client.BrowserAuthorization authorization = oauth.browserAuthorization(receiver.redirectUri(), user);
            receiver.expect(authorization.state());
            state = authorization.state();
            if (noBrowser) {
                err.println("Open this URL in a browser, on any machine, and allow access:");
                err.println();
                err.println("  " + authorization.url());
                err.println();
                err.println("The browser then goes to " + receiver.redirectUri() + "... and may show an error page if this");
                err.println("machine is not the one running the browser. Paste that page's full address (or just the code):");
                err.flush();
                return authorization.exchange(pastedCode(state));
            }
            boolean opened = Browser.open(browser, authorization.url());
            err.println(opened ? "Opened the browser at the provider's consent page. If it did not appear, open:"
                    : "Open this URL in your browser and allow access:");
            err.println();
            err.println("  " + authorization.url());
            err.println();
            err.println("Waiting up to " + timeoutSeconds + " s for the browser to come back to " + receiver.redirectUri()
                    + " (Ctrl-C cancels)...");
            err.flush();
            String code = receiver.awaitCode(Duration.ofSeconds(timeoutSeconds));
            err.println("Received the authorization; asking " + oauth.tokenUrl() + " for tokens...");
            return authorization.exchange(code);
        }
    }

    private static String pastedCode(String state) throws IOException {
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null || line.isBlank()) {
            throw CliFailure.auth("nothing was pasted; run authorize again");
        }
        line = line.strip();
        if (!line.contains("?")) {
            return line;
        }
        Map<String, String> query = LoopbackReceiver.query(URI.create(line));
        if (query.containsKey("error")) {
            throw CliFailure.auth("the provider refused the authorization: " + query.get("error"));
        }
        if (!state.equals(query.get("state"))) {
            throw CliFailure.auth("the pasted address does not belong to this authorization request (state mismatch);"
                    + " run authorize again");
        }
        String code = query.get("code");
        if (code == null) {
            throw CliFailure.auth("the pasted address has no code; paste the address the browser ended at");
        }
        return code;
    }

    private TokenResponse deviceFlow(OAuth2Client oauth, PrintWriter err) throws IOException {
        OAuth2Client.DeviceAuthorization authorization = oauth.startDeviceAuthorization();
        err.println("On any device, open " + authorization.verificationUri() + " and enter the code " + authorization.userCode());
        if (authorization.verificationUriComplete() != null) {
            err.println("(or open " + authorization.verificationUriComplete() + ")");
        }
        err.flush();
        Instant started = Instant.now();
        return oauth.awaitDeviceAuthorization(authorization, interval -> {
            long waited = Duration.between(started, Instant.now()).toSeconds();
            err.print("\rWaiting for the approval... " + waited + " s (the code expires at " + authorization.expiresAt() + ")");
            err.flush();
        });
    }

    private void save(OAuth2Client oauth, TokenResponse tokens) throws IOException {
        TokenStore store = client.tokenStore();
        Instant now = Instant.now();
        store.locked(user, tx -> {
            // a new entry: the refresh token dated now, no refresh yet, and no refusal of an old one
            tx.save(new StoredAccount(tokens.refreshToken(), tokens.accessToken().value(),
                    tokens.accessToken().expiresAt().orElse(null),
                    tokens.scope() != null ? tokens.scope() : oauth.scope(), oauth.tokenUrl(), oauth.clientId(), now,
                    tokens.refreshToken() == null ? null : now, null, null));
            return null;
        });
    }
}
