package com.subdecide.rules.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subdecide.ApiClient;
import com.subdecide.Services;
import com.subdecide.rules.RuleFolders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What survives a restart on the same PostgreSQL: a broken rule folder does not stop the service (the last
 * version that went live serves, the problems are reported), and a simulation and a population allocation
 * accepted before the restart run (the allocation's node died while running it, leaving its claim).
 */
class RestartIntegrationTests {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;


    @Test
    void brokenFoldersAtStartServeTheLastLiveVersionAndAcceptedSimulationsResume() throws Exception {
        Path data = temp.resolve("pg");
        RuleFolders folders = RuleFolders.copyOfShipped(temp.resolve("folders"));
        String example = Files.readString(Path.of("docs/examples/rotation-plan-request.json"));
        String live;
        UUID pending = UUID.randomUUID();
        UUID allocation = UUID.randomUUID();
        try (ConfigurableApplicationContext first = Services.start(data, folders)) {
            live = JSON.readTree(ApiClient.as("analyst", Services.port(first)).get("/api/v1/rulesets/active").body())
                    .get("version").asText();
            // A simulation accepted just before the service stopped, not yet run.
            first.getBean(JdbcClient.class).sql("""
                    INSERT INTO simulation (simulation_id, status, requested_by, spec)
                    VALUES (:id, 'QUEUED', 'analyst', CAST(:spec AS json))
                    """).param("id", pending).param("spec", "{\"challenger\": {\"version\": \"" + live + "\"}, "
                    + "\"requests\": [" + example + "]}").update();
            first.getBean(JdbcClient.class).sql("INSERT INTO benefit_member (user_id, tier) VALUES ('u-restart', 'GOLD')").update();
            first.getBean(JdbcClient.class).sql("""
                    INSERT INTO benefit_population_job (allocation_id, status, requested_by, request, started_at)
                    VALUES (:id, 'RUNNING', 'analyst', CAST(:request AS json), now())
                    """).param("id", allocation).param("request", "{\"tiers\": [\"GOLD\"], \"time_limit_seconds\": 2}")
                    .update();
            // Accepting queues an execution in the same transaction; the allocation's node died while running it:
            // its claim stays and its heartbeat stopped a minute ago, so the next node alive revives it.
            first.getBean(JdbcClient.class).sql("""
                    INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, version)
                    VALUES ('simulation', :id, now(), false, 1)
                    """).param("id", pending.toString()).update();
            first.getBean(JdbcClient.class).sql("""
                    INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, picked_by, last_heartbeat, version)
                    VALUES ('population-allocation', :id, now(), true, 'a-node-that-died', now() - interval '1 minute', 1)
                    """).param("id", allocation.toString()).update();
        }

        folders.write("rules/broken.drl", "package com.subdecide.rules.rotation;\nrule \"x\" when\n  Nope()\nthen end\n");
        try (ConfigurableApplicationContext second = Services.start(data, folders)) {
            ApiClient analyst = ApiClient.as("analyst", Services.port(second));
            JsonNode active = JSON.readTree(analyst.get("/api/v1/rulesets/active").body());
            assertThat(active.get("version").asText()).isEqualTo(live);
            assertThat(active.get("trigger").asText()).isEqualTo("startup-fallback");
            assertThat(active.at("/last_reload/activated").asBoolean()).isFalse();
            assertThat(active.at("/last_reload/problems/0").asText()).contains("rules/broken.drl:3", "unknown fact type 'Nope'");
            assertThat(ApiClient.as("decider", Services.port(second)).postJson("/api/v1/decisions/rotation-plan", example)
                    .statusCode()).isEqualTo(200);

            JsonNode job = JSON.readTree(analyst.get("/api/v1/simulations/" + pending).body());
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!job.get("status").asText().equals("DONE") && System.nanoTime() < deadline) {
                Thread.sleep(50);
                job = JSON.readTree(analyst.get("/api/v1/simulations/" + pending).body());
            }
            assertThat(job.get("status").asText()).isEqualTo("DONE");
            assertThat(job.at("/report/replayed").asInt()).isEqualTo(1);

            JsonNode population = JSON.readTree(analyst.get("/api/v1/allocations/benefits/" + allocation).body());
            while (!population.get("status").asText().equals("DONE") && System.nanoTime() < deadline) {
                Thread.sleep(50);
                population = JSON.readTree(analyst.get("/api/v1/allocations/benefits/" + allocation).body());
            }
            assertThat(population.get("status").asText()).isEqualTo("DONE");
            assertThat(population.at("/result/members").asInt()).isEqualTo(1);
            assertThat(JSON.readTree(analyst.get("/api/v1/allocations/benefits/" + allocation + "/users/u-restart").body())
                    .get("benefits").findValuesAsText("benefit_id")).contains("free_shipping", "priority_support");
        }

        // A folder whose rule never stops firing: start-up finishes, opens its port, and the last version serves.
        Files.delete(folders.path("rules/broken.drl"));
        folders.write("rules/spin.drl", """
                package com.subdecide.rules.rotation;
                import com.subdecide.rotation.domain.WatchTitle;
                rule "spin" when $t : WatchTitle() then update($t); end
                """);
        try (ConfigurableApplicationContext third = Services.start(data, folders)) {
            JsonNode active = JSON.readTree(ApiClient.as("analyst", Services.port(third)).get("/api/v1/rulesets/active").body());
            assertThat(active.get("version").asText()).isEqualTo(live);
            assertThat(active.get("trigger").asText()).isEqualTo("startup-fallback");
            assertThat(active.at("/last_reload/problems").toString()).contains("fired more than", "spin");
        }
    }
}
