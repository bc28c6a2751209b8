package com.subdecide.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README.md followed literally on a fresh checkout: the service started from the built jar as "Run it" says, on
 * its embedded PostgreSQL in an empty data folder, then every {@code sh} block pasted in order into one shell (so
 * the ids the commands capture carry over), each printed output checked against the README's. The one liberty:
 * {@code localhost:8080} is a free port (in the commands, and for the jar's generators through
 * {@code DECISIONS_BASE_URL}), so that a service already running on this machine does not interfere.
 */
class ReadmeIntegrationTests {

    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final String RUN = "./mvnw -B -q package -DskipTests && java -Xmx512m -jar target/subscription-decisions.jar\n";
    private static final String TEST = "./mvnw -B verify\n";

    @TempDir
    static Path checkout;

    private static Process service;
    private static int port;

    @BeforeAll
    static void startTheServiceAsTheReadmeSays() throws Exception {
        for (String folder : List.of("rules", "decision-tables", "solver-config", "docs/examples")) {
            copy(PROJECT.resolve(folder), checkout.resolve(folder));
        }
        Files.createDirectories(checkout.resolve("target"));
        Files.createSymbolicLink(checkout.resolve("target/subscription-decisions.jar"),
                PROJECT.resolve("target/subscription-decisions.jar"));
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        service = new ProcessBuilder(java(), "-Xmx512m", "-jar", "target/subscription-decisions.jar", "--server.port=" + port)
                .directory(checkout.toFile()).redirectErrorStream(true)
                .redirectOutput(checkout.resolve("service.log").toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (true) {
            assertThat(service.isAlive()).as("the service exited:\n%s", log()).isTrue();
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            assertThat(System.nanoTime()).as("not healthy within 180 s:\n%s", log()).isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (service != null) {
            service.destroy();
            if (!service.waitFor(60, TimeUnit.SECONDS)) {
                service.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void everyExampleWorksWhenPastedInOrderAndPrintsWhatTheReadmeShows() throws Exception {
        String readme = Files.readString(PROJECT.resolve("README.md"));
        List<ReadmeExamples.Example> examples = ReadmeExamples.parse(readme);
        assertThat(examples).extracting(ReadmeExamples.Example::commands).startsWith(RUN, TEST);
        List<ReadmeExamples.Example> pasted = examples.subList(2, examples.size());
        assertThat(pasted).filteredOn(e -> e.expected() != null).hasSizeGreaterThan(10);

        // One shell for all blocks, each block's output between markers.
        StringBuilder script = new StringBuilder("set -eo pipefail\n");
        for (int i = 0; i < pasted.size(); i++) {
            script.append("echo '@@block ").append(i).append("'\n")
                    .append(pasted.get(i).commands().replace("localhost:8080", "localhost:" + port));
        }
        script.append("echo '@@end'\n");
        ProcessBuilder bash = new ProcessBuilder("bash", "-c", script.toString()).directory(checkout.toFile())
                .redirectError(checkout.resolve("readme.stderr").toFile());
        bash.environment().put("DECISIONS_BASE_URL", "http://localhost:" + port);
        Process shell = bash.start();
        shell.getOutputStream().close();
        String printed = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(shell.waitFor(15, TimeUnit.MINUTES)).isTrue();
        // Kept for whoever updates the README: what the commands printed this time.
        Files.writeString(Files.createDirectories(PROJECT.resolve("target/readme-check")).resolve("printed.txt"), printed);
        List<String> outputs = split(printed, pasted.size());

        List<String> problems = new ArrayList<>();
        for (int i = 0; i < pasted.size(); i++) {
            ReadmeExamples.Example example = pasted.get(i);
            if (i >= outputs.size()) {
                problems.add("README line " + example.line() + ": the shell stopped before this block (exit "
                        + shell.exitValue() + "):\n" + Files.readString(checkout.resolve("readme.stderr")));
                break;
            }
            if (example.expected() != null) {
                for (String difference : ReadmeExamples.differences(example, outputs.get(i))) {
                    problems.add("README line " + example.line() + ": " + difference);
                }
            }
        }
        assertThat(shell.exitValue()).as("the shell's exit; its errors:\n%s\nprinted:\n%s",
                Files.readString(checkout.resolve("readme.stderr")), printed).isZero();
        assertThat(problems).as("printed:\n%s", printed).isEmpty();
        // The promotion wrote the draft into the folder; the rollback after it put the shipped table back.
        assertThat(Files.mismatch(checkout.resolve("decision-tables/emphasis.drl.xlsx"),
                PROJECT.resolve("decision-tables/emphasis.drl.xlsx"))).isEqualTo(-1L);
    }

    /** The outputs of the blocks that finished: a block the shell stopped in has none. */
    private static List<String> split(String printed, int blocks) {
        String[] parts = printed.split("(?m)^@@(block \\d+|end)\\n", -1);
        List<String> out = new ArrayList<>(List.of(parts).subList(1, parts.length));
        if (!out.isEmpty()) {
            out.remove(out.size() - 1); // after the end marker, or the block the shell stopped in
        }
        return out.subList(0, Math.min(blocks, out.size()));
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static String log() {
        try {
            String log = Files.readString(checkout.resolve("service.log"));
            return log.length() > 8000 ? log.substring(log.length() - 8000) : log;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
