package io.github.mailoauth2.it;

import io.github.mailoauth2.sandbox.SandboxServers;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.util.Properties;

/**
 * Runs in a JVM of {@link ProgramTrustIT}'s, whose environment holds our secrets and whose common
 * pool is small: two connects whose configured program hangs ({@code command}, then
 * {@code client-assertion-command}), then one whose program answers at once. Prints one line per
 * connect and returns from {@code main}: the JVM must then exit.
 */
public final class ProgramTrustApp {
    public static void main(String[] args) throws Exception {
        String hanging = args[0];
        try (SandboxServers servers = SandboxServers.start(event -> { })) {
            Properties command = properties(servers);
            command.setProperty("mail.oauth2.source", "command");
            command.setProperty("mail.oauth2.command", hanging);
            System.out.println("command: " + connect(command, servers));

            Properties assertion = properties(servers);
            assertion.setProperty("mail.oauth2.source", "client-credentials");
            assertion.setProperty("mail.oauth2.token-url", servers.tokenUrl());
            assertion.setProperty("mail.oauth2.client-id", SandboxServers.CLIENT_ID);
            assertion.setProperty("mail.oauth2.client-auth", "client-assertion");
            assertion.setProperty("mail.oauth2.client-assertion-command", hanging);
            System.out.println("client-assertion-command: " + connect(assertion, servers));

            Properties instant = properties(servers);
            instant.setProperty("mail.oauth2.source", "command");
            instant.setProperty("mail.oauth2.command", "echo " + servers.accessToken(SandboxServers.DEMO_USER));
            System.out.println("instant command: " + connect(instant, servers));
        }
        System.out.println("main returns");
    }

    private static Properties properties(SandboxServers servers) {
        Properties props = new Properties();
        props.setProperty("mail.imap.sasl.enable", "true");
        props.setProperty("mail.imap.sasl.mechanisms", "XOAUTH2");
        props.setProperty("mail.oauth2.timeout", "3");
        return props;
    }

    private static String connect(Properties props, SandboxServers servers) {
        long start = System.nanoTime();
        String outcome;
        try (Store store = Session.getInstance(props).getStore("imap")) {
            store.connect("127.0.0.1", servers.imapPort(), SandboxServers.DEMO_USER, "");
            outcome = "LOGGED-IN";
        } catch (MessagingException e) {
            outcome = e.getMessage().contains("did not finish within 3 s") ? "TIMED-OUT" : "FAILED " + e.getMessage();
        }
        return outcome + String.format(" (%.1f s)", (System.nanoTime() - start) / 1e9);
    }
}
