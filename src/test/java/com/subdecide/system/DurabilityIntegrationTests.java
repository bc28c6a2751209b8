package com.subdecide.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subdecide.ApiClient;
import com.subdecide.Services;
import com.subdecide.rules.RuleFolders;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Accepted data survives crashes: the database killed in the middle of event batches and decisions keeps every
 * batch answered 202 and every decision answered 200; a service killed with SIGKILL, which leaves its embedded
 * PostgreSQL running, starts cleanly the next time.
 */
class DurabilityIntegrationTests {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;


    @Test
    void everyAcknowledgedEventAndDecisionSurvivesTheDatabaseBeingKilledMidBatch() throws Exception {
        Path data = temp.resolve("pg");
        RuleFolders folders = RuleFolders.copyOfShipped(temp.resolve("folders"));
        String example = Files.readString(Path.of("docs/examples/rotation-plan-request.json"));
        Set<String> acknowledgedEvents = ConcurrentHashMap.newKeySet();
        Set<String> acknowledgedDecisions = ConcurrentHashMap.newKeySet();
        int[] refused = new int[1];
        try (ConfigurableApplicationContext first = Services.start(data, folders)) {
            JdbcClient jdbc = first.getBean(JdbcClient.class);
            assertThat(jdbc.sql("SHOW synchronous_commit").query(String.class).single()).isEqualTo("on");
            assertThat(jdbc.sql("SHOW fsync").query(String.class).single()).isEqualTo("on");
            assertThat(jdbc.sql("SHOW full_page_writes").query(String.class).single()).isEqualTo("on");
            ApiClient decider = ApiClient.as("decider", Services.port(first));
            AtomicBoolean stop = new AtomicBoolean();
            Thread events = new Thread(() -> {
                for (int b = 0; !stop.get() && b < 2_000; b++) {
                    List<String> ids = new ArrayList<>();
                    StringBuilder body = new StringBuilder("{\"events\": [");
                    for (int i = 0; i < 200; i++) {
                        String id = "crash-" + b + "-" + i;
                        ids.add(id);
                        body.append(i == 0 ? "" : ",").append("{\"event_id\": \"").append(id)
                                .append("\", \"user_id\": \"u-crash-").append(i % 20)
                                .append("\", \"type\": \"PAGE_VIEW\", \"occurred_at\": \"").append(Instant.now())
                                .append("\", \"category\": \"books\", \"dwell_seconds\": 5}");
                    }
                    HttpResponse<String> answer = decider.postJson("/api/v1/events", body.append("]}").toString());
                    if (answer.statusCode() == 202) {
                        acknowledgedEvents.addAll(ids);
                    } else {
                        refused[0]++;
                    }
                }
            });
            Thread decisions = new Thread(() -> {
                for (int d = 0; !stop.get() && d < 2_000; d++) {
                    HttpResponse<String> answer = decider.postJson("/api/v1/decisions/rotation-plan", example);
                    if (answer.statusCode() == 200) {
                        try {
                            acknowledgedDecisions.add(JSON.readTree(answer.body()).get("decision_id").asText());
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
            });
            events.start();
            decisions.start();
            Instant until = Instant.now().plusSeconds(60);
            while ((acknowledgedEvents.size() < 10_000 || acknowledgedDecisions.size() < 5) && Instant.now().isBefore(until)) {
                Thread.sleep(20);
            }
            // pg_ctl stop -m immediate: the postmaster and every backend quit at once, no checkpoint.
            long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
            new ProcessBuilder("kill", "-QUIT", Long.toString(postmaster)).inheritIO().start().waitFor();
            Thread.sleep(1_500);
            stop.set(true);
            events.join();
            decisions.join();
        }
        assertThat(acknowledgedEvents).hasSizeGreaterThanOrEqualTo(10_000);
        assertThat(refused[0]).as("batches refused while the database was down").isPositive();

        try (ConfigurableApplicationContext second = Services.start(data, folders)) {
            JdbcClient jdbc = second.getBean(JdbcClient.class);
            Set<String> storedEvents = Set.copyOf(jdbc.sql("SELECT event_id FROM benefit_event WHERE event_id LIKE 'crash-%'")
                    .query(String.class).list());
            assertThat(acknowledgedEvents).allMatch(storedEvents::contains);
            Set<String> storedDecisions = Set.copyOf(jdbc.sql("SELECT CAST(decision_id AS text) FROM decision_log")
                    .query(String.class).list());
            assertThat(acknowledgedDecisions).isNotEmpty().allMatch(storedDecisions::contains);
        }
    }

    @Test
    void aServiceKilledWithSigkillStartsCleanlyOnTheFirstTry() throws Exception {
        Path data = temp.resolve("pg-kill");
        Path jar = Path.of("target/subscription-decisions.jar").toAbsolutePath();
        assertThat(jar).exists();
        int port = freePort();
        Process first = service(jar, data, port, "first.log");
        try {
            waitUntilUp(port, first, Duration.ofSeconds(120));
            first.destroyForcibly().waitFor();
            assertThat(Files.exists(data.resolve("postmaster.pid"))).as("the killed service left its database running")
                    .isTrue();
            Process second = service(jar, data, port, "second.log");
            try {
                waitUntilUp(port, second, Duration.ofSeconds(120));
                assertThat(Files.readString(temp.resolve("second.log"))).contains("was left running");
            } finally {
                second.destroy();
                second.waitFor();
            }
        } finally {
            first.destroyForcibly();
            EmbeddedPostgresConfiguration.stopOrphan(data);
        }
    }

    private Process service(Path jar, Path data, int port, String logName) throws IOException {
        return new ProcessBuilder("java", "-Xmx512m", "-jar", jar.toString(), "--server.port=" + port,
                "--decisions.embedded-postgres.data-dir=" + data, "--decisions.rules.watch=false",
                "--decisions.rules.write-back=false")
                .redirectErrorStream(true).redirectOutput(temp.resolve(logName).toFile()).start();
    }

    private void waitUntilUp(int port, Process process, Duration limit) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant until = Instant.now().plus(limit);
        while (Instant.now().isBefore(until)) {
            assertThat(process.isAlive()).as("the service stopped while starting").isTrue();
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/actuator/health")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                JsonNode status = JSON.readTree(health.body());
                if (health.statusCode() == 200 && "UP".equals(status.path("status").asText())) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the service did not come up within " + limit.toSeconds() + " s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
