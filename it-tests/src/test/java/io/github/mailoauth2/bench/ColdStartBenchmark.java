package io.github.mailoauth2.bench;

import io.github.mailoauth2.sandbox.SandboxServers;
import java.io.File;
import java.io.IOException;
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
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cold start: what mail-oauth2 adds to a program that starts, logs in to IMAP once and exits (batch jobs, command
 * lines, serverless functions pay it on every run). Each run is a new JVM running {@link ColdStartLogin} with Angus
 * Mail 2 alone or with the drop-in jar next to it; each round runs every variant once, in a rotating order, so that
 * load on the machine hits all alike. Prints medians of wall time, CPU time and peak RSS ({@code /usr/bin/time}) with their
 * ratio or difference to Angus Mail's own XOAUTH2 client given the same kind of token in the same round, then the
 * classes each variant loads ({@code -Xlog:class+load}, one extra run each). Figures, not assertions.
 *
 * <p>Then where the time goes, step by step: the login program prints when each step began and ended on the clock
 * that this JVM and the class-load log share ({@code System.nanoTime}, {@code timenanos}), so every run also gives
 * the JVM's start (launch to {@code main}), {@code Session.getInstance} (JavaMail reads its providers; with the
 * drop-in jar also its adapters and the SASL provider's installation), {@code getStore}, {@code connect} (with a
 * fetching source also its first token, then the login) and close and exit; with their medians and, from the
 * class-load run, the classes each step loaded. What mail-oauth2 adds to a step is its line's difference to the first
 * line's; the first token's cost is the fetching variant's {@code connect} less the static one's.
 *
 * <p>The servers: the lab's Dovecot and mock-oauth2-server when the lab is running ({@code lab.properties}), else
 * mock-oauth2-server and the sandbox's IMAP server in this JVM (no root needed), which the output says.
 *
 * <pre>it-tests/bench/run.sh coldstart [ROUNDS [LABEL=JAR ...]]</pre>
 * (other drop-in jars, e.g. {@code before=/tmp/mail-oauth2-plugin-main.jar}, are measured in the same rounds)
 */
public final class ColdStartBenchmark {
    private static final Path LAB_PROPERTIES = Path.of(System.getProperty("lab.dir", "/tmp/mail-oauth2-lab"), "lab.properties");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final double MIB = 1024;
    private static final String BENCH = ColdStartLogin.class.getPackageName() + ".";

    /** One way to log in: with the drop-in jar {@code plugin} or without it (null). */
    private record Variant(String name, Path plugin, boolean fetching) {
    }

    private final List<Variant> variants = new ArrayList<>();

    /** One run: wall time, peak RSS, and when each step began and ended ({@link #STEPS}, nanoTime stamps). */
    private record Run(double millis, double cpuMillis, long rssKib, long[] stamps) {
        double stepMillis(int step) {
            return (stamps[step + 1] - stamps[step]) / 1e6;
        }
    }

    /** The login's steps, between the stamps: launch, main, Session, getStore, connect, close, exit. */
    private static final String[] STEPS = {"JVM start", "Session", "getStore", "connect", "close+exit"};

    private final String angusClassPath;
    private final Path loginClasses;
    private final String host = "127.0.0.1";
    private int imapPort;
    private String tokenUrl;
    private String user;
    private String scope;

    /** @param jars drop-in jars by label ("" for the one under test) */
    private ColdStartBenchmark(Map<String, Path> jars, Path loginClasses) {
        this.loginClasses = loginClasses;
        variants.add(new Variant("Angus Mail's own XOAUTH2, token as password", null, false));
        for (Map.Entry<String, Path> jar : jars.entrySet()) {
            String label = jar.getKey().isEmpty() ? "mail-oauth2" : "mail-oauth2 [" + jar.getKey() + "]";
            variants.add(new Variant(label + ", static token (token as password)", jar.getValue(), false));
            variants.add(new Variant(label + ", client-credentials source (fetches)", jar.getValue(), true));
        }
        List<String> angus = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.matches("(angus-mail|jakarta\\.mail-api|angus-activation|jakarta\\.activation-api)-[0-9].*\\.jar")) {
                angus.add(entry);
            }
        }
        angusClassPath = String.join(File.pathSeparator, angus);
    }

    /** {@code JAR [ROUNDS [LABEL=JAR ...]]}: the drop-in jar under test, then others to compare it with. */
    public static void main(String[] args) throws Exception {
        Map<String, Path> jars = new LinkedHashMap<>();
        jars.put("", Path.of(args[0]));
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        for (int i = 2; i < args.length; i++) {
            jars.put(args[i].substring(0, args[i].indexOf('=')), Path.of(args[i].substring(args[i].indexOf('=') + 1)));
        }
        // the login program alone on the class path: the test classes' directory holds service files of its own
        Path loginClasses = Files.createTempDirectory("coldstart");
        String name = ColdStartLogin.class.getName().replace('.', '/') + ".class";
        Path copy = Files.createDirectories(loginClasses.resolve(name).getParent()).resolve(Path.of(name).getFileName());
        try (var in = ColdStartBenchmark.class.getClassLoader().getResourceAsStream(name)) {
            Files.copy(in, copy);
        }
        ColdStartBenchmark bench = new ColdStartBenchmark(jars, loginClasses);
        if (Files.exists(LAB_PROPERTIES)) {
            Properties lab = new Properties();
            try (var in = Files.newBufferedReader(LAB_PROPERTIES)) {
                lab.load(in);
            }
            bench.imapPort = Integer.parseInt(lab.getProperty("imap.port"));
            bench.tokenUrl = lab.getProperty("mock.token.url");
            bench.user = "alice@example.test";
            bench.scope = "mail";
            System.out.printf("Servers: the lab's Dovecot (IMAP %d, no TLS on loopback) and mock-oauth2-server (%s)%n",
                    bench.imapPort, bench.tokenUrl);
            bench.run(rounds);
        } else {
            try (SandboxServers sandbox = SandboxServers.start(line -> { })) {
                bench.imapPort = sandbox.imapPort();
                bench.tokenUrl = sandbox.tokenUrl();
                bench.user = "bench@example.test";
                bench.scope = SandboxServers.SCOPE;
                System.out.printf("Servers: NO LAB RUNNING (%s), so the sandbox's IMAP server and mock-oauth2-server in the"
                        + " benchmark's JVM (IMAP %d, no TLS on loopback)%n", LAB_PROPERTIES, bench.imapPort);
                bench.run(rounds);
            }
        }
    }

    private void run(int rounds) throws Exception {
        String[] load = Files.readString(Path.of("/proc/loadavg")).split(" ");
        System.out.printf("%s, %d cores, load %s %s %s; %s %s%n", System.getProperty("os.name"),
                Runtime.getRuntime().availableProcessors(), load[0], load[1], load[2],
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
        for (Variant variant : variants) {
            if (variant.plugin() != null && !variant.fetching()) {
                System.out.printf("%s: %s (%d bytes)%n", variant.name().replaceFirst(",.*", ""), variant.plugin(),
                        Files.size(variant.plugin()));
            }
        }
        System.out.printf("One IMAP login (connect, AUTHENTICATE XOAUTH2, logout) per new JVM, %d paired rounds after one"
                + " warm-up round (file cache), each variant once per round in a rotating order%n%n", rounds);
        int n = variants.size();
        List<List<Run>> runs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            runs.add(new ArrayList<>());
        }
        for (int round = -1; round < rounds; round++) {
            for (int k = 0; k < n; k++) {
                int i = Math.floorMod(k + round, n);
                Run run = login(variants.get(i), List.of());
                if (round >= 0) {
                    runs.get(i).add(run);
                }
            }
        }
        double baseMillis = median(runs.get(0), Run::millis);
        double baseCpu = median(runs.get(0), Run::cpuMillis);
        double baseRss = median(runs.get(0), r -> r.rssKib() / MIB);
        System.out.printf("%-66s %10s %8s %10s %8s %10s %8s%n", "variant", "wall ms", "ratio", "CPU ms", "ratio", "peak RSS", "+MiB");
        for (int i = 0; i < n; i++) {
            double millis = median(runs.get(i), Run::millis);
            double cpu = median(runs.get(i), Run::cpuMillis);
            double rss = median(runs.get(i), r -> r.rssKib() / MIB);
            System.out.printf("%-66s %10.1f %7.2fx %10.0f %7.2fx %6.1f MiB %+8.1f%n", variants.get(i).name(), millis,
                    millis / baseMillis, cpu, cpu / baseCpu, rss, rss - baseRss);
        }
        System.out.printf("%n(medians; ratio and +MiB against the first line; CPU: user and system time of the JVM's"
                + " threads, JIT and GC included, which load on the machine changes less than wall time)%n%nClasses loaded (-Xlog:class+load, one run"
                + " each; 'ours' is io.github.mailoauth2 outside its shaded libraries)%n%n");
        System.out.printf("%-66s %7s %7s %7s %7s %7s %7s%n", "variant", "all", "+", "ours", "shaded", "tracing", "guava");
        long baseClasses = -1;
        List<int[]> classesByStep = new ArrayList<>();
        for (Variant variant : variants) {
            Path log = Files.createTempFile("coldstart", ".classes");
            Run run = login(variant, List.of("-Xlog:class+load=info:file=" + log + ":timenanos,tags"));
            List<LoadedClass> classes = loadedClasses(log);
            Files.delete(log);
            if (baseClasses < 0) {
                baseClasses = classes.size();
            }
            String shaded = "io.github.mailoauth2.shaded.";
            System.out.printf("%-66s %7d %+7d %7d %7d %7d %7d%n", variant.name(), classes.size(), classes.size() - baseClasses,
                    count(classes, c -> c.startsWith("io.github.mailoauth2.") && !c.startsWith(shaded) && !c.startsWith(BENCH)),
                    count(classes, c -> c.startsWith(shaded)),
                    count(classes, c -> c.startsWith(shaded + "opencensus.") || c.startsWith(shaded + "grpc.")),
                    count(classes, c -> c.startsWith(shaded + "guava.")));
            int[] byStep = new int[STEPS.length];
            for (LoadedClass loaded : classes) {
                int step = 0;
                while (step < STEPS.length - 1 && loaded.nanos() >= run.stamps()[step + 1]) {
                    step++;
                }
                byStep[step]++;
            }
            classesByStep.add(byStep);
        }
        System.out.printf("%nStep by step: median ms of the timed runs (+ms against the first line), classes loaded in the"
                + " step (of the class-load run)%n%n%-66s", "variant");
        for (String step : STEPS) {
            System.out.printf(" %20s", step);
        }
        System.out.println();
        for (int i = 0; i < n; i++) {
            System.out.printf("%-66s", variants.get(i).name());
            for (int step = 0; step < STEPS.length; step++) {
                int k = step;
                double millis = median(runs.get(i), r -> r.stepMillis(k));
                double base = median(runs.get(0), r -> r.stepMillis(k));
                System.out.printf(" %6.1f %+6.1f %5d cl", millis, millis - base, classesByStep.get(i)[step]);
            }
            System.out.println();
        }
        for (int i = 1; i + 1 < n; i += 2) {
            int k = 3;
            System.out.printf("%nfirst token, %s: %.1f ms (connect, fetching less static)", variants.get(i).name()
                    .replaceFirst(",.*", ""), median(runs.get(i + 1), r -> r.stepMillis(k)) - median(runs.get(i), r -> r.stepMillis(k)));
        }
        System.out.println();
    }

    /** One login in a new JVM: its wall time, as this JVM sees it, and its peak RSS. */
    private Run login(Variant variant, List<String> jvmOptions) throws Exception {
        String token = token();
        // the drop-in jar before the mail library's, as docs/registration.md asks (or its adapters stand aside)
        String classPath = loginClasses + File.pathSeparator
                + (variant.plugin() != null ? variant.plugin() + File.pathSeparator : "") + angusClassPath;
        Path rss = Files.createTempFile("coldstart", ".rss");
        List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-f", "%M %U %S", "-o", rss.toString(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, ColdStartLogin.class.getName(), host, Integer.toString(imapPort), user));
        if (variant.fetching()) {
            command.addAll(List.of("unused", "mail.oauth2.source=client-credentials", "mail.oauth2.token-url=" + tokenUrl,
                    "mail.oauth2.client-id=" + user, "mail.oauth2.client-secret=secret", "mail.oauth2.scope=" + scope));
        } else {
            command.add(token);
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        long start = System.nanoTime();
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        int status = process.waitFor();
        long end = System.nanoTime();
        String text = new String(output, StandardCharsets.UTF_8);
        Matcher steps = Pattern.compile("(?m)^steps: (\\d+) (\\d+) (\\d+) (\\d+) (\\d+)$").matcher(text);
        if (status != 0 || !steps.find()) {
            throw new IllegalStateException(variant.name() + " failed (exit " + status + "):\n" + text.replace(token, "<token>"));
        }
        long[] stamps = new long[STEPS.length + 1];
        stamps[0] = start;
        for (int i = 1; i < STEPS.length; i++) {
            stamps[i] = Long.parseLong(steps.group(i));
        }
        stamps[STEPS.length] = end;
        // the last line: the JVM's own output comes first if it fails
        String[] resources = Files.readAllLines(rss).get(Files.readAllLines(rss).size() - 1).strip().split(" ");
        Files.delete(rss);
        return new Run((end - start) / 1e6, (Double.parseDouble(resources[1]) + Double.parseDouble(resources[2])) * 1000,
                Long.parseLong(resources[0]), stamps);
    }

    /** A token for the user from the OAuth2 server (client-credentials grant, client id = the user), not timed. */
    private String token() throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(user, StandardCharsets.UTF_8) + ":secret")
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(tokenUrl))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope="
                        + URLEncoder.encode(scope, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher token = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
        if (response.statusCode() != 200 || !token.find()) {
            throw new IOException("the OAuth2 server answered HTTP " + response.statusCode() + " to a client-credentials grant");
        }
        return token.group(1);
    }

    /** A class and when it was loaded ({@code System.nanoTime}). */
    private record LoadedClass(String name, long nanos) {
    }

    private static List<LoadedClass> loadedClasses(Path log) throws IOException {
        List<LoadedClass> classes = new ArrayList<>();
        Pattern line = Pattern.compile("^\\[(\\d+)ns\\].*\\[class,load\\s*\\] (\\S+) source:");
        for (String text : Files.readAllLines(log)) {
            Matcher m = line.matcher(text);
            if (m.find()) {
                classes.add(new LoadedClass(m.group(2), Long.parseLong(m.group(1))));
            }
        }
        return classes;
    }

    private static long count(List<LoadedClass> classes, Predicate<String> which) {
        return classes.stream().map(LoadedClass::name).filter(which).count();
    }

    private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> value) {
        double[] values = runs.stream().mapToDouble(value).toArray();
        Arrays.sort(values);
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
