package com.subdecide.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subdecide.ApiClient;
import com.subdecide.DecisionServiceApplication;
import com.subdecide.rules.RuleFolders;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two nodes of the service (two application contexts) on one PostgreSQL. A promotion on node A is live on node B
 * while both keep deciding, every decision succeeding and logged with the node that made it; a simulation of
 * 30,000 logged decisions, its node stopped while it runs, is finished by the other node exactly once (the second
 * attempt stores the one report) and its progress is readable on the other node while the first one runs it. Prints the promotion-to-live and
 * failover times docs/performance.md reports.
 */
class TwoNodeIntegrationTests {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int LOGGED = 30_000;

    @TempDir
    Path temp;

    @Test
    void promotionsReachTheOtherNodeAndAStoppedNodesJobFinishesOnTheOtherExactlyOnce() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(temp.resolve("pg"))
                .setCleanDataDirectory(true).start()) {
            String url = postgres.getJdbcUrl("postgres", "postgres");
            Map<String, ConfigurableApplicationContext> nodes = new java.util.LinkedHashMap<>();
            try {
                nodes.put("node-a", node("node-a", url));
                nodes.put("node-b", node("node-b", url));
                promotionOnAIsLiveOnBWhileBothDecide(nodes.get("node-a"), nodes.get("node-b"));
                aStoppedNodesJobFinishesOnTheOther(nodes);
                aDeadNodesJobIsRevivedOnceItsHeartbeatStops(nodes.values().iterator().next());
            } finally {
                nodes.values().forEach(ConfigurableApplicationContext::close);
            }
        }
    }

    private void promotionOnAIsLiveOnBWhileBothDecide(ConfigurableApplicationContext a, ConfigurableApplicationContext b)
            throws Exception {
        ApiClient analystA = ApiClient.as("analyst", port(a));
        ApiClient adminA = ApiClient.as("admin", port(a));
        ApiClient analystB = ApiClient.as("analyst", port(b));
        String before = active(analystA);
        assertThat(active(analystB)).isEqualTo(before);

        RuleFolders draft = RuleFolders.copyOfShipped(temp.resolve("draft"));
        draft.setCell("decision-tables/emphasis.drl.xlsx", "Emphasis", "C11", 0.8);
        HttpResponse<String> created = analystA.postFiles("/api/v1/rulesets/drafts?note=two%20nodes",
                Map.of("decision-tables/emphasis.drl.xlsx", Files.readAllBytes(draft.path("decision-tables/emphasis.drl.xlsx"))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String draftId = JSON.readTree(created.body()).at("/draft/draft_id").asText();
        String draftVersion = JSON.readTree(created.body()).at("/draft/version").asText();
        // B heard of the draft and compiled it ahead, as it does while analysts simulate a draft before promoting it.
        long announced = System.nanoTime();
        await("node B to have the draft ready", Duration.ofSeconds(60),
                () -> b.getBean(com.subdecide.rules.ActiveRuleSet.class).prepared(draftVersion).isDone());
        System.out.printf("two nodes: the draft was compiled and tried on B %d ms after A stored it%n",
                (System.nanoTime() - announced) / 1_000_000);

        // Both nodes decide without pause from before the promotion until B serves the new version.
        String request = Files.readString(Path.of("docs/examples/rotation-plan-request.json"));
        AtomicBoolean deciding = new AtomicBoolean(true);
        Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> versions = new ConcurrentHashMap<>();
        List<Thread> deciders = new ArrayList<>();
        for (ConfigurableApplicationContext node : List.of(a, b)) {
            ApiClient decider = ApiClient.as("decider", port(node));
            Thread t = new Thread(() -> {
                while (deciding.get()) {
                    HttpResponse<String> answer = decider.postJson("/api/v1/decisions/rotation-plan", request);
                    statuses.computeIfAbsent(String.valueOf(answer.statusCode()), k -> new AtomicInteger()).incrementAndGet();
                    if (answer.statusCode() == 200) {
                        try {
                            versions.computeIfAbsent(JSON.readTree(answer.body()).get("ruleset_version").asText(),
                                    k -> new AtomicInteger()).incrementAndGet();
                        } catch (java.io.IOException e) {
                            statuses.computeIfAbsent("unreadable", k -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                }
            });
            t.start();
            deciders.add(t);
        }
        Thread.sleep(500);
        long promotedAt = System.nanoTime();
        HttpResponse<String> promoted = adminA.post("/api/v1/rulesets/drafts/" + draftId + "/promote");
        long answeredAt = System.nanoTime();
        assertThat(promoted.statusCode()).as(promoted.body()).isEqualTo(200);
        String after = JSON.readTree(promoted.body()).get("version").asText();
        assertThat(after).isNotEqualTo(before);
        await("node B to serve " + after, Duration.ofSeconds(30), () -> after.equals(active(analystB)));
        long liveOnB = System.nanoTime();
        Thread.sleep(500);
        deciding.set(false);
        for (Thread t : deciders) {
            t.join();
        }
        System.out.printf("two nodes: promotion answered on A in %d ms, live on B %d ms after the answer "
                + "(%d ms after the request); decisions during it: %s, by version %s%n",
                (answeredAt - promotedAt) / 1_000_000, (liveOnB - answeredAt) / 1_000_000,
                (liveOnB - promotedAt) / 1_000_000, statuses, versions);
        assertThat(statuses).containsOnlyKeys("200");
        assertThat(versions).containsKeys(before, after);
        assertThat(active(analystA)).isEqualTo(after);
        JsonNode onB = JSON.readTree(analystB.get("/api/v1/rulesets/active").body());
        assertThat(onB.get("trigger").asText()).isEqualTo("promote");
        assertThat(onB.get("activated_by").asText()).isEqualTo("admin");

        JdbcClient jdbc = a.getBean(JdbcClient.class);
        assertThat(jdbc.sql("SELECT DISTINCT node FROM decision_log").query(String.class).list())
                .containsExactlyInAnyOrder("node-a", "node-b");
        assertThat(jdbc.sql("SELECT count(*) FROM decision_log WHERE node = 'node-b' AND ruleset_version = :v")
                .param("v", after).query(Long.class).single()).as("B decided on the promoted version").isPositive();
    }

    private void aStoppedNodesJobFinishesOnTheOther(Map<String, ConfigurableApplicationContext> nodes) throws Exception {
        ConfigurableApplicationContext a = nodes.get("node-a");
        JdbcClient jdbc = a.getBean(JdbcClient.class);
        // Fixture: one logged decision copied into 30,000 (a month of a big service), so the replay runs for a while.
        jdbc.sql("""
                INSERT INTO decision_log (decision_id, decision_type, user_id, ruleset_version, request, request_deflated,
                                          response, rules_micros, solve_micros, total_micros, decided_at, inputs, node)
                SELECT gen_random_uuid(), decision_type, user_id, ruleset_version, request, request_deflated, response,
                       rules_micros, solve_micros, total_micros, decided_at, inputs, node
                FROM (SELECT * FROM decision_log WHERE decision_type = 'rotation-plan' LIMIT 1) d, generate_series(1, :n)
                """).param("n", LOGGED).update();
        long logged = jdbc.sql("SELECT count(*) FROM decision_log WHERE decision_type = 'rotation-plan'").query(Long.class).single();
        String live = active(ApiClient.as("analyst", port(a)));
        HttpResponse<String> started = ApiClient.as("analyst", port(a)).postJson("/api/v1/simulations",
                "{\"challenger\": {\"version\": \"" + live + "\"}, \"decisions\": {\"sample\": " + logged + "}}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String id = JSON.readTree(started.body()).get("simulation_id").asText();
        await("a node to replay", Duration.ofSeconds(60), () -> {
            JsonNode job = simulation(ApiClient.as("analyst", port(a)), id);
            return "RUNNING".equals(job.get("status").asText()) && job.get("done").asInt() >= 1_000;
        });
        // Whichever node claimed it is stopped; the other one must finish it.
        String runner = jdbc.sql("SELECT node FROM simulation WHERE simulation_id = CAST(:id AS uuid)").param("id", id)
                .query(String.class).single();
        String survivor = runner.equals("node-a") ? "node-b" : "node-a";
        ApiClient analyst = ApiClient.as("analyst", port(nodes.get(survivor)));
        JdbcClient db = nodes.get(survivor).getBean(JdbcClient.class);
        JsonNode seen = simulation(analyst, id);
        assertThat(seen.get("done").asInt()).as("progress read on the other node").isPositive();
        assertThat(seen.get("total").asLong()).isEqualTo(logged);

        long stopping = System.nanoTime();
        nodes.remove(runner).close();
        long stopped = System.nanoTime();
        await(survivor + " to take the job over", Duration.ofSeconds(60), () -> survivor.equals(db.sql(
                "SELECT node FROM simulation WHERE simulation_id = CAST(:id AS uuid)").param("id", id)
                .query(String.class).single()));
        long takenOver = System.nanoTime();
        await(survivor + " to finish the job", Duration.ofSeconds(120),
                () -> !"RUNNING".equals(simulation(analyst, id).get("status").asText()));
        JsonNode done = simulation(analyst, id);
        System.out.printf("two nodes: %s stopped in %d ms; %s took its job over %d ms after it stopped (%d ms after "
                + "the stop began) and finished it %d ms later (%d decisions replayed)%n", runner,
                (stopped - stopping) / 1_000_000, survivor, (takenOver - stopped) / 1_000_000,
                (takenOver - stopping) / 1_000_000, (System.nanoTime() - takenOver) / 1_000_000, logged);
        assertThat(done.get("status").asText()).as(done.toString().substring(0, Math.min(500, done.toString().length())))
                .isEqualTo("DONE");
        assertThat(done.at("/report/replayed").asLong()).isEqualTo(logged);
        assertThat(done.at("/report/changed").asLong()).as("same version, nothing changes").isZero();
        Map<String, Object> row = db.sql("SELECT attempt, node, finished_at > started_at AS ordered FROM simulation "
                + "WHERE simulation_id = CAST(:id AS uuid)").param("id", id).query().singleRow();
        assertThat(row).containsEntry("attempt", 2).containsEntry("node", survivor).containsEntry("ordered", true);
        assertThat(db.sql("SELECT count(*) FROM scheduled_tasks WHERE task_instance = :id").param("id", id)
                .query(Long.class).single()).as("the execution is gone once done").isZero();
    }

    /**
     * A node killed outright (no hand-back) leaves its claim with the last heartbeat it wrote; the node still alive
     * revives the job once that heartbeat is the configured number of beats old.
     */
    private void aDeadNodesJobIsRevivedOnceItsHeartbeatStops(ConfigurableApplicationContext alive) throws Exception {
        JdbcClient db = alive.getBean(JdbcClient.class);
        ApiClient analyst = ApiClient.as("analyst", port(alive));
        String live = active(analyst);
        String request = Files.readString(Path.of("docs/examples/rotation-plan-request.json"));
        java.util.UUID id = java.util.UUID.randomUUID();
        // What a node that died a moment ago leaves: the job RUNNING on it, its claim, a heartbeat just written.
        db.sql("""
                INSERT INTO simulation (simulation_id, status, requested_by, spec, attempt, node, started_at)
                VALUES (:id, 'RUNNING', 'analyst', CAST(:spec AS json), 1, 'node-killed', now())
                """).param("id", id).param("spec", "{\"challenger\": {\"version\": \"" + live + "\"}, \"requests\": ["
                + request + "]}").update();
        long died = System.nanoTime();
        db.sql("""
                INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, picked_by, last_heartbeat, version)
                VALUES ('simulation', :id, now(), true, 'node-killed', now(), 1)
                """).param("id", id.toString()).update();
        await("the job of the dead node to be revived", Duration.ofSeconds(120),
                () -> "DONE".equals(simulation(analyst, id.toString()).get("status").asText()));
        System.out.printf("two nodes: a job of a node that died was revived and finished %d ms after its last heartbeat%n",
                (System.nanoTime() - died) / 1_000_000);
        assertThat(db.sql("SELECT attempt FROM simulation WHERE simulation_id = :id").param("id", id).query(Integer.class)
                .single()).isEqualTo(2);
    }

    private static JsonNode simulation(ApiClient client, String id) {
        try {
            return JSON.readTree(client.get("/api/v1/simulations/" + id).body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private ConfigurableApplicationContext node(String name, String url) throws Exception {
        RuleFolders folders = RuleFolders.copyOfShipped(temp.resolve("folders-" + name));
        return new SpringApplicationBuilder(DecisionServiceApplication.class).run("--server.port=0",
                "--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres", "--decisions.node.id=" + name,
                "--decisions.rules.local-authoring=false", "--decisions.rules.watch=false",
                "--decisions.rules.rules-dir=" + folders.path("rules"),
                "--decisions.rules.tables-dir=" + folders.path("decision-tables"),
                "--decisions.rules.solver-dir=" + folders.path("solver-config"));
    }

    private static String active(ApiClient client) {
        try {
            return JSON.readTree(client.get("/api/v1/rulesets/active").body()).get("version").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int port(ConfigurableApplicationContext app) {
        return Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    }

    static void await(String what, Duration limit, BooleanSupplier done) throws InterruptedException {
        Instant until = Instant.now().plus(limit);
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }
}
