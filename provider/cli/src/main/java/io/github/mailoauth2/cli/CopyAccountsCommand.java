package io.github.mailoauth2.cli;

import io.github.mailoauth2.internal.store.StorePaths;
import io.github.mailoauth2.internal.store.TokenStores;
import io.github.mailoauth2.store.StoredAccount;
import io.github.mailoauth2.store.TokenStore;
import io.github.mailoauth2.token.OAuth2Config;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Moves accounts between stores, typically from a machine's file into the database a fleet shares. */
@Command(name = "copy-accounts", mixinStandardHelpOptions = true,
        description = {"Copy the accounts of one token store into another.",
                "For example from the file store into a database store that several instances share. An account"
                        + " the target already has a refresh token for is left as it is there. The source is not"
                        + " changed. Tokens are never shown."},
        footer = {"Example:",
                "  MAIL_OAUTH2_STORE_USER=app MAIL_OAUTH2_STORE_PASSWORD=... \\",
                "    java -cp mail-oauth2-cli.jar:postgresql.jar io.github.mailoauth2.cli.Main \\",
                "    copy-accounts --to jdbc:postgresql://db:5432/app",
                "", "Exit status: 0 every account copied or already there, 1 a store could not be read or written."})
final class CopyAccountsCommand implements Callable<Integer> {
    @Option(names = "--from", paramLabel = "STORE", description = "The store to copy from (default: ${DEFAULT-VALUE}).")
    String from = StorePaths.defaultPath().toString();

    @Option(names = "--to", paramLabel = "STORE", required = true,
            description = "The store to copy into: a file, or a database (jdbc:...; user, password and key from"
                    + " MAIL_OAUTH2_STORE_USER, MAIL_OAUTH2_STORE_PASSWORD, MAIL_OAUTH2_STORE_KEY).")
    String to;

    @Option(names = "--user", paramLabel = "ADDRESS", description = "Copy only this account (repeatable).")
    List<String> users = new ArrayList<>();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        TokenStore source = open(from);
        TokenStore target = open(to);
        Map<String, StoredAccount> accounts = source.readAll();
        List<String> copied = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (String account : users.isEmpty() ? new ArrayList<>(new java.util.TreeSet<>(accounts.keySet())) : users) {
            StoredAccount entry = accounts.get(account);
            if (entry == null) {
                spec.commandLine().getErr().println("No account " + account + " in " + source + "; nothing copied");
                return Main.AUTH_FAILED;
            }
            (target.compareAndSet(account, null, entry) ? copied : kept).add(account);
        }
        out.println("Copied " + copied.size() + (copied.size() == 1 ? " account" : " accounts") + " from " + source
                + " to " + target + (copied.isEmpty() ? "" : ": " + String.join(", ", copied)));
        if (!kept.isEmpty()) {
            out.println("Left as they are, the target has a refresh token for them: " + String.join(", ", kept));
        }
        return 0;
    }

    /** The store at {@code location}, read like {@code mail.oauth2.store} (the store keys from the environment). */
    private static TokenStore open(String location) throws IOException {
        return TokenStores.open(OAuth2Config.of("imap", Map.of("mail.oauth2.store", location)));
    }
}
