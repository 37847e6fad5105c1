package io.github.mailoauth2.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import io.github.mailoauth2.sandbox.SandboxServers;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's long-lived IMAP session with Spring Integration: the framework matrix's IMAP IDLE application and its
 * documented configuration (docs/frameworks.md, the {@code refresh-token} source), against the sandbox's IMAP server
 * ending each session as Exchange Online does when its token's lifetime (here 4 s after its first login) is over:
 * {@code * BYE Session invalidated - AccessTokenExpired}, and the token refused from then on. The application receives
 * mail across two such ends; each reconnect logs in with a fresh token at its first attempt (the server saw no
 * rejected login: the spent token was never re-sent), and a token event listener registered the ServiceLoader way
 * heard of each expiry. The sandbox runs in this JVM, without TLS on 127.0.0.1 (so {@code imaps} becomes {@code imap}).
 */
class SpringIntegrationSessionExpiryIT {
    private static final String USER = SandboxServers.DEMO_USER;

    @TempDir
    Path dir;

    @Test
    void theIdleAdapterReconnectsWithAFreshTokenAtTheFirstAttempt() throws Exception {
        List<String> server = new CopyOnWriteArrayList<>();
        try (SandboxServers servers = SandboxServers.start(server::add).endImapSessionsWhenTokensExpire(Duration.ofSeconds(4))) {
            Map<String, String> values = Frameworks.labValues(USER);
            values.put(Pattern.quote(Frameworks.DOC_TOKEN_URL), servers.tokenUrl());
            values.put("\\b(smtp|imap)\\.example\\.com\\b", "127.0.0.1");
            values.put("\\b993\\b", String.valueOf(servers.imapPort()));
            values.put("\\bimaps\\b", "imap");
            values.put(Pattern.quote("/var/lib/myapp/mail-tokens.json"), dir.resolve("tokens.json").toString());
            Path config = Files.writeString(dir.resolve("application.yml"), Frameworks.forLab("spring-integration-yml", values));
            Path listener = listenerJar();
            String[] subjects = {subject("before"), subject("after one expiry"), subject("after two expiries")};
            deliver(servers, subjects[0]);

            List<String> ours = new ArrayList<>(List.of(listener.toString()));
            ours.addAll(List.of(System.getProperty("provider.classpath").split(java.io.File.pathSeparator)));
            AppRun.Started app = FrameworkMatrixIT.app("spring-integration", "spring-integration-7", null, ours,
                            "example.springintegration.InboxApplication")
                    .env("MAIL_OAUTH2_CLIENT_SECRET", SandboxServers.CLIENT_SECRET)
                    .env("MAIL_OAUTH2_REFRESH_TOKEN", Secrets.remember(refreshToken(servers)))
                    .start("--spring.config.location=file:" + config, "--logging.level.io.github.mailoauth2=debug");
            try {
                FrameworkMatrixIT.awaitOutput(app, "RECEIVED " + subjects[0], 1);
                awaitSessionsEnded(server, 1);
                deliver(servers, subjects[1]);
                FrameworkMatrixIT.awaitOutput(app, "RECEIVED " + subjects[1], 1);
                awaitSessionsEnded(server, 2);
                deliver(servers, subjects[2]);
                String out = FrameworkMatrixIT.awaitOutput(app, "RECEIVED " + subjects[2], 1);

                List<String> logins = server.stream().filter(e -> e.startsWith("imap: XOAUTH2 login")).toList();
                assertThat(logins).as("the first login and one per session ended, each at its first attempt\n%s\n%s", server, out)
                        .hasSizeGreaterThanOrEqualTo(3).allMatch(login -> login.contains(" accepted: "));
                assertThat(out.lines().filter(line -> line.startsWith("EVENT TOKEN_REJECTED " + USER)
                        && line.contains("AccessTokenExpired")).count())
                        .as("the listener heard of each session ended for an expired token\n%s", out).isGreaterThanOrEqualTo(2);
                assertThat(out.lines().filter(line -> line.contains("WARN") && line.contains("mail-oauth2")).toList()).as(out).isEmpty();
            } finally {
                app.process().destroy();
                app.process().waitFor(30, TimeUnit.SECONDS);
                app.process().destroyForcibly();
            }
        }
    }

    /** The listener of the it-tests ({@code example.events.PrintingTokenEventListener}) and its META-INF/services file. */
    private Path listenerJar() throws Exception {
        Path root = dir.resolve("listener");
        String name = "example/events/PrintingTokenEventListener.class";
        Path clazz = root.resolve(name);
        Files.createDirectories(clazz.getParent());
        Files.copy(Path.of(SpringIntegrationSessionExpiryIT.class.getClassLoader().getResource(name).toURI()), clazz);
        Path services = root.resolve("META-INF/services/io.github.mailoauth2.token.TokenEventListener");
        Files.createDirectories(services.getParent());
        Files.writeString(services, "example.events.PrintingTokenEventListener\n");
        return root;
    }

    /** A refresh token of the sandbox's OAuth2 server: its authorization endpoint redirects straight back with a code. */
    private static String refreshToken(SandboxServers servers) throws Exception {
        String redirect = "http://127.0.0.1:1/callback";
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<Void> authorized = http.send(HttpRequest.newBuilder(URI.create(servers.authorizationUrl() + "?response_type=code&client_id="
                + SandboxServers.CLIENT_ID + "&redirect_uri=" + enc(redirect) + "&scope=" + enc(SandboxServers.SCOPE) + "&state=s")).build(),
                HttpResponse.BodyHandlers.discarding());
        String code = authorized.headers().firstValue("Location").orElseThrow().replaceFirst(".*[?&]code=([^&]+).*", "$1");
        HttpResponse<String> tokens = http.send(HttpRequest.newBuilder(URI.create(servers.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + code + "&redirect_uri=" + enc(redirect)
                        + "&client_id=" + SandboxServers.CLIENT_ID + "&client_secret=" + SandboxServers.CLIENT_SECRET)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JsonParser.parseString(tokens.body()).getAsJsonObject().get("refresh_token").getAsString();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void awaitSessionsEnded(List<String> server, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (server.stream().filter(e -> e.contains("ended a session")).count() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the sandbox ended fewer than " + count + " sessions: " + server);
            }
            Thread.sleep(100);
        }
    }

    private static void deliver(SandboxServers servers, String subject) {
        servers.mailboxes().deliver(USER, "From: " + USER + "\r\nTo: " + USER + "\r\nSubject: " + subject + "\r\n\r\ndelivered by "
                + SpringIntegrationSessionExpiryIT.class.getSimpleName() + "\r\n");
    }

    private static String subject(String when) {
        return "expiry " + when + " " + UUID.randomUUID();
    }
}
