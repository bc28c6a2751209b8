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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two nodes of the service (two application contexts) on one PostgreSQL. A promotion on node A is live on node B
 * while both keep deciding, every decision succeeding and logged with the node that made it; a simulation of
 * 30,000 logged decisions, its node stopped while it runs, is finished by the other node exactly once (the second
 * attempt stores the one report) and its progress is readable on the other node while the first one runs it; a
 * version that does not compile on this build is refused by both nodes; and a third node, in its own JVM, killed
 * with {@code kill -9} while it runs a job, has that job revived and finished by the node left. Prints the promotion-to-live and
 * failover times docs/performance.md reports.
 */
class TwoNodeIntegrationTests {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int LOGGED = 30_000;

    @TempDir
    Path temp;

    @Test
    void promotionsReachEveryNodeAndAStoppedOrKilledNodesJobFinishesElsewhereExactlyOnce() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(temp.resolve("pg"))
                .setCleanDataDirectory(true).start()) {
            String url = postgres.getJdbcUrl("postgres", "postgres");
            Map<String, ConfigurableApplicationContext> nodes = new java.util.LinkedHashMap<>();
            try {
                nodes.put("node-a", node("node-a", url));
                nodes.put("node-b", node("node-b", url));
                promotionOnAIsLiveOnBWhileBothDecide(nodes.get("node-a"), nodes.get("node-b"));
                aVersionThatDoesNotPassOnANodeIsRefusedThere(nodes.get("node-a"), nodes.get("node-b"));
                aStoppedNodesJobFinishesOnTheOther(nodes);
                aKilledNodesJobIsRevivedOnceItsHeartbeatStops(nodes.values().iterator().next(), url);
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

    /**
     * What a node on another build could take live: a version this build does not compile. Both nodes keep serving
     * what they serve and say why, as for a broken folder edit; taking a good version live again moves both.
     */
    private void aVersionThatDoesNotPassOnANodeIsRefusedThere(ConfigurableApplicationContext a,
            ConfigurableApplicationContext b) throws Exception {
        ApiClient analystB = ApiClient.as("analyst", port(b));
        String live = active(analystB);
        com.subdecide.rules.RuleSetVersions versions = a.getBean(com.subdecide.rules.RuleSetVersions.class);
        Map<String, byte[]> files = new java.util.HashMap<>(versions.files(live));
        files.put("rules/other-build.drl", ("package com.subdecide.rules.rotation;\n"
                + "rule \"needs a fact this build lacks\" when\n  Nope()\nthen end\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String broken = com.subdecide.rules.RuleSetLoader.versionOf(files);
        versions.save(broken, files, "admin", "draft");
        JdbcClient db = a.getBean(JdbcClient.class);
        db.sql("""
                INSERT INTO ruleset_activation (version, activated_by, trigger, previous_version, note)
                VALUES (:v, 'admin', 'promote', :live, 'a node on another build')
                """).param("v", broken).param("live", live).update();
        db.sql("SELECT pg_notify('ruleset_activated', :v)").param("v", broken).query().listOfRows();
        await("node B to refuse " + broken, Duration.ofSeconds(30), () -> {
            JsonNode reload = activeDocument(analystB).path("last_reload");
            return broken.equals(reload.path("version").asText()) && !reload.path("activated").asBoolean(true);
        });
        JsonNode onB = activeDocument(analystB);
        assertThat(onB.get("version").asText()).isEqualTo(live);
        assertThat(onB.at("/last_reload/problems/0").asText()).contains("rules/other-build.drl:3", "unknown fact type 'Nope'");
        assertThat(ApiClient.as("decider", port(b)).postJson("/api/v1/decisions/rotation-plan",
                Files.readString(Path.of("docs/examples/rotation-plan-request.json"))).statusCode()).isEqualTo(200);
        await("node A to refuse it too", Duration.ofSeconds(30),
                () -> broken.equals(activeDocument(ApiClient.as("analyst", port(a))).at("/last_reload/version").asText()));
        assertThat(active(ApiClient.as("analyst", port(a)))).isEqualTo(live);

        // An ADMIN takes the serving version live again: the newest activation is good once more, on both.
        HttpResponse<String> again = ApiClient.as("admin", port(a)).post("/api/v1/rulesets/versions/" + live
                + "/activate?note=back%20to%20this%20build");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        await("node B to see the newest activation is what it serves", Duration.ofSeconds(30), () -> {
            JsonNode reload = activeDocument(analystB).path("last_reload");
            return live.equals(reload.path("version").asText()) && reload.path("activated").asBoolean(false);
        });
        assertThat(active(analystB)).isEqualTo(live);
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
        String runner = runner(jdbc, id);
        String survivor = runner.equals("node-a") ? "node-b" : "node-a";
        ApiClient analyst = ApiClient.as("analyst", port(nodes.get(survivor)));
        JdbcClient db = nodes.get(survivor).getBean(JdbcClient.class);
        JsonNode seen = simulation(analyst, id);
        assertThat(seen.get("done").asInt()).as("progress read on the other node").isPositive();
        assertThat(seen.get("total").asLong()).isEqualTo(logged);

        long stopping = System.nanoTime();
        nodes.remove(runner).close();
        long stopped = System.nanoTime();
        await(survivor + " to take the job over", Duration.ofSeconds(60), () -> survivor.equals(runner(db, id)));
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
     * A node killed outright ({@code kill -9}: no hand-back) leaves its job RUNNING and its claim with the last
     * heartbeat it wrote; the node still alive revives the job once that heartbeat is the configured number of
     * beats old and finishes it, exactly once.
     */
    private void aKilledNodesJobIsRevivedOnceItsHeartbeatStops(ConfigurableApplicationContext alive, String url)
            throws Exception {
        JdbcClient db = alive.getBean(JdbcClient.class);
        String survivor = alive.getEnvironment().getProperty("decisions.node.id");
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), DecisionServiceApplication.class.getName()));
        command.addAll(arguments("node-c", url, port));
        Process killed = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(Path.of("target", "two-nodes-node-c.log").toFile()).start();
        try {
            ApiClient analystC = ApiClient.as("analyst", port);
            await("node C to start", Duration.ofSeconds(120), () -> {
                try {
                    return analystC.get("/api/v1/rulesets/active").statusCode() == 200;
                } catch (RuntimeException e) {
                    return false;
                }
            });
            String live = active(analystC);
            long logged = db.sql("SELECT count(*) FROM decision_log WHERE decision_type = 'rotation-plan'").query(Long.class)
                    .single();
            // Accepted on C, C starts it at once; should the other node have claimed it first, C gets the next one.
            String id = null;
            for (int tries = 0; tries < 3 && id == null; tries++) {
                HttpResponse<String> started = analystC.postJson("/api/v1/simulations",
                        "{\"challenger\": {\"version\": \"" + live + "\"}, \"decisions\": {\"sample\": " + logged + "}}");
                assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
                String candidate = JSON.readTree(started.body()).get("simulation_id").asText();
                await("a node to replay", Duration.ofSeconds(60),
                        () -> simulation(analystC, candidate).get("done").asInt() >= 1_000);
                if ("node-c".equals(runner(db, candidate))) {
                    id = candidate;
                }
            }
            assertThat(id).as("node C ran one of three jobs accepted on it").isNotNull();
            String job = id;
            killed.destroyForcibly().waitFor();
            long died = System.nanoTime();
            ApiClient analyst = ApiClient.as("analyst", port(alive));
            await(survivor + " to revive the killed node's job", Duration.ofSeconds(120),
                    () -> survivor.equals(runner(db, job)));
            long revived = System.nanoTime();
            await(survivor + " to finish it", Duration.ofSeconds(180),
                    () -> !"RUNNING".equals(simulation(analyst, job).get("status").asText()));
            System.out.printf("two nodes: node-c killed (kill -9) mid-job; %s revived the job %d ms after the kill and "
                    + "finished it %d ms later%n", survivor, (revived - died) / 1_000_000, (System.nanoTime() - revived) / 1_000_000);
            JsonNode done = simulation(analyst, job);
            assertThat(done.get("status").asText()).isEqualTo("DONE");
            assertThat(done.at("/report/replayed").asLong()).isEqualTo(logged);
            assertThat(db.sql("SELECT attempt FROM simulation WHERE simulation_id = CAST(:id AS uuid)").param("id", job)
                    .query(Integer.class).single()).isEqualTo(2);
        } finally {
            killed.destroyForcibly();
        }
    }

    private static JsonNode simulation(ApiClient client, String id) {
        return read(client, "/api/v1/simulations/" + id);
    }

    private ConfigurableApplicationContext node(String name, String url) throws Exception {
        return new SpringApplicationBuilder(DecisionServiceApplication.class)
                .run(arguments(name, url, 0).toArray(String[]::new));
    }

    /** A node's arguments: the shared database, its own name and its own copy of the rule folders. */
    private List<String> arguments(String name, String url, int port) throws Exception {
        RuleFolders folders = RuleFolders.copyOfShipped(temp.resolve("folders-" + name));
        return List.of("--server.port=" + port, "--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres", "--decisions.node.id=" + name,
                "--decisions.rules.local-authoring=false", "--decisions.rules.watch=false",
                "--decisions.rules.rules-dir=" + folders.path("rules"),
                "--decisions.rules.tables-dir=" + folders.path("decision-tables"),
                "--decisions.rules.solver-dir=" + folders.path("solver-config"));
    }

    private static String runner(JdbcClient db, String simulation) {
        return db.sql("SELECT node FROM simulation WHERE simulation_id = CAST(:id AS uuid)").param("id", simulation)
                .query(String.class).single();
    }

    private static JsonNode activeDocument(ApiClient client) {
        return read(client, "/api/v1/rulesets/active");
    }

    private static String active(ApiClient client) {
        return read(client, "/api/v1/rulesets/active").get("version").asText();
    }

    private static JsonNode read(ApiClient client, String path) {
        try {
            return JSON.readTree(client.get(path).body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void await(String what, Duration limit, java.util.function.BooleanSupplier done)
            throws InterruptedException {
        // Every 5 ms: the promotion reaches the other node in tens of milliseconds.
        com.subdecide.Await.until(what, limit, 5, done);
    }

    private static int port(ConfigurableApplicationContext app) {
        return Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    }
}
