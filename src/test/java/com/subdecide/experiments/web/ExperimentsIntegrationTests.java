package com.subdecide.experiments.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subdecide.ApiClient;
import com.subdecide.rules.RuleFolders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Experiments over real HTTP on the embedded PostgreSQL: definitions, lifecycle, assignment, results, benefit A/B. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExperimentsIntegrationTests {

    static final Path ROOT = temp();
    static final RuleFolders FOLDERS = RuleFolders.copyOfShipped(ROOT);

    @DynamicPropertySource
    static void folders(DynamicPropertyRegistry registry) {
        registry.add("decisions.rules.rules-dir", () -> FOLDERS.path("rules").toString());
        registry.add("decisions.rules.tables-dir", () -> FOLDERS.path("decision-tables").toString());
        registry.add("decisions.rules.solver-dir", () -> FOLDERS.path("solver-config").toString());
        registry.add("decisions.rules.watch", () -> "false");
    }

    @LocalServerPort
    int port;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcClient jdbc;

    ApiClient analyst() {
        return ApiClient.as("analyst", port);
    }

    ApiClient decider() {
        return ApiClient.as("decider", port);
    }

    JsonNode body(HttpResponse<String> response) {
        return ApiClient.body(response);
    }

    ObjectNode definition(String key) {
        try {
            return (ObjectNode) json.readTree("""
                    {"key": "%s", "type": "FEATURE", "hypothesis": "the new checkout raises orders",
                     "variants": [{"key": "control", "weight": 0.5, "value": {"checkout": "old"}},
                                  {"key": "new-checkout", "weight": 0.5, "value": {"checkout": "new"}}],
                     "metrics": {"primary": {"name": "ordered", "event": "PURCHASE", "aggregate": "ANY"},
                                 "secondary": [{"name": "orders", "event": "PURCHASE", "aggregate": "COUNT"}],
                                 "guardrails": [{"name": "benefit_use", "event": "BENEFIT_USED", "aggregate": "COUNT",
                                                 "direction": "LOWER_IS_BETTER", "margin": 0.5}]},
                     "analysis": {"min_runtime_days": 0, "cuped_lookback_days": 14}}
                    """.formatted(key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyBadFieldIsNamedAtItsPath() {
        HttpResponse<String> bad = analyst().postJson("/api/v1/experiments", """
                {"key": "Bad Key", "type": "LOTTERY", "coverage": 1.5,
                 "variants": [{"key": "a", "weight": 0.5}, {"key": "a", "weight": 0.6}],
                 "targeting": {"country": "FR"},
                 "metrics": {"primary": {"name": "m", "event": "TELEPATHY", "aggregate": "COUNT"},
                             "guardrails": [{"name": "m", "event": "PURCHASE", "aggregate": "AVERAGE"}]},
                 "analysis": {"alpha": 0, "min_runtime_days": 10, "max_runtime_days": 5, "correction": "BONFERRONI"}}
                """);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(body(bad).get("errors").findValuesAsText("path")).containsExactlyInAnyOrder("$.key", "$.type",
                "$.coverage", "$.variants[1].key", "$.variants", "$.targeting.country", "$.metrics.primary.event",
                "$.metrics.guardrails[0].name", "$.metrics.guardrails[0].aggregate", "$.metrics.guardrails[0].margin",
                "$.analysis.alpha", "$.analysis.max_runtime_days", "$.analysis.correction");
        assertThat(bad.body()).contains("weights_do_not_sum_to_1", "the variants' weights sum to 1.1, not 1");

        ObjectNode unknownDraft = definition("needs-a-draft");
        unknownDraft.put("type", "BENEFIT_ALLOCATION");
        ((ObjectNode) unknownDraft.get("variants").get(1)).putObject("ruleset").put("draft_id",
                "6f281886-a9d1-4493-812a-591a57102e2d");
        HttpResponse<String> noDraft = analyst().postJson("/api/v1/experiments", unknownDraft.toString());
        assertThat(body(noDraft).get("errors").findValuesAsText("path")).containsExactly("$.variants[1].ruleset.draft_id");
        assertThat(analyst().postJson("/api/v1/experiments", "[1]").statusCode()).isEqualTo(400);
    }

    @Test
    void aRunningExperimentAssignsOncePerUserFindsTheKnownLiftAndShipsIt() {
        HttpResponse<String> created = analyst().postJson("/api/v1/experiments", definition("checkout-1").toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(body(created).get("status").asText()).isEqualTo("DRAFT");
        assertThat(analyst().postJson("/api/v1/experiments", definition("checkout-1").toString()).statusCode())
                .isEqualTo(409);
        // Not running: everyone gets the control, nothing is stored.
        JsonNode before = body(decider().get("/api/v1/experiments/checkout-1/assignment?user_id=u-1"));
        assertThat(before.get("in_experiment").asBoolean()).isFalse();
        assertThat(before.get("variant").asText()).isEqualTo("control");

        assertThat(analyst().post("/api/v1/experiments/checkout-1/start").statusCode()).isEqualTo(200);
        assertThat(analyst().post("/api/v1/experiments/checkout-1/start").statusCode()).isEqualTo(409);
        assertThat(analyst().send("PUT", "/api/v1/experiments/checkout-1", definition("checkout-1").toString())
                .statusCode()).isEqualTo(409);

        // 2,000 users, each asked twice: one exposure each, about half in each arm.
        Map<String, String> variants = new HashMap<>();
        for (int i = 0; i < 2000; i++) {
            JsonNode a = body(decider().get("/api/v1/experiments/checkout-1/assignment?user_id=c-" + i));
            assertThat(a.get("in_experiment").asBoolean()).isTrue();
            variants.put("c-" + i, a.get("variant").asText());
        }
        for (int i = 0; i < 100; i++) {
            JsonNode again = body(decider().get("/api/v1/experiments/checkout-1/assignment?user_id=c-" + i));
            assertThat(again.get("variant").asText()).isEqualTo(variants.get("c-" + i));
        }
        // Written behind the answers; the results flush them first.
        assertThat(body(analyst().get("/api/v1/experiments/checkout-1/results")).get("users").asLong()).isEqualTo(2000);
        assertThat(jdbc.sql("SELECT count(*) FROM experiment_exposure WHERE experiment_key = 'checkout-1'")
                .query(Long.class).single()).isEqualTo(2000);
        long treated = variants.values().stream().filter("new-checkout"::equals).count();
        assertThat(treated).isBetween(900L, 1100L);

        // Behaviour after exposure: 30% order under the control, 45% under the new checkout (a known lift of 50%).
        Random random = new Random(11);
        ArrayNode events = json.createArrayNode();
        int id = 0;
        for (Map.Entry<String, String> user : variants.entrySet()) {
            double p = user.getValue().equals("control") ? 0.30 : 0.45;
            if (random.nextDouble() < p) {
                events.addObject().put("event_id", "x-" + id++).put("user_id", user.getKey()).put("type", "PURCHASE")
                        .put("occurred_at", Instant.now().toString()).put("amount", 20.0);
            }
            if (random.nextDouble() < 0.2) {
                events.addObject().put("event_id", "x-" + id++).put("user_id", user.getKey()).put("type", "BENEFIT_USED")
                        .put("occurred_at", Instant.now().toString()).put("benefit_id", "free_shipping");
            }
            if (events.size() >= 900) {
                post(events);
                events = json.createArrayNode();
            }
        }
        post(events);

        JsonNode results = body(analyst().get("/api/v1/experiments/checkout-1/results"));
        assertThat(results.get("users").asLong()).isEqualTo(2000);
        assertThat(results.at("/sample_ratio/flagged").asBoolean()).isFalse();
        JsonNode lift = results.at("/metrics/0/lifts/0");
        assertThat(lift.get("variant").asText()).isEqualTo("new-checkout");
        assertThat(lift.get("relative").asDouble()).isBetween(0.3, 0.7);
        assertThat(lift.get("low").asDouble()).isLessThan(0.5);
        assertThat(lift.get("high").asDouble()).isGreaterThan(0.5);
        assertThat(lift.get("sequential_low").asDouble()).isLessThan(lift.get("low").asDouble());
        assertThat(lift.get("significant").asBoolean()).isTrue();
        assertThat(results.at("/sample_size/per_arm").asLong()).isPositive();
        assertThat(results.at("/recommendation/action").asText()).isEqualTo("SHIP");
        assertThat(results.at("/recommendation/variant").asText()).isEqualTo("new-checkout");
        assertThat(results.at("/recommendation/source").asText()).startsWith("rules/experiment-stopping.drl:");

        HttpResponse<String> csv = analyst().get("/api/v1/experiments/checkout-1/results.csv");
        assertThat(csv.body().lines()).hasSize(1 + 3 * 2);
        JsonNode series = body(analyst().get("/api/v1/experiments/checkout-1/results/series"));
        assertThat(series.get("points").size()).isGreaterThanOrEqualTo(1);

        // A new phase with more traffic for the treatment re-randomises; phase 1 stays readable.
        JsonNode phased = body(analyst().postJson("/api/v1/experiments/checkout-1/phases",
                "{\"weights\": [0.3, 0.7], \"reason\": \"more traffic to the new checkout\"}"));
        assertThat(phased.get("phases").size()).isEqualTo(2);
        assertThat(body(analyst().get("/api/v1/experiments/checkout-1/results?phase=1")).get("users").asLong())
                .isEqualTo(2000);
        assertThat(body(analyst().get("/api/v1/experiments/checkout-1/results")).get("users").asLong()).isZero();

        assertThat(analyst().postJson("/api/v1/experiments/checkout-1/ship", "{\"variant\": \"new-checkout\"}")
                .statusCode()).isEqualTo(403);
        HttpResponse<String> shipped = ApiClient.as("admin", port).postJson("/api/v1/experiments/checkout-1/ship",
                "{\"variant\": \"new-checkout\"}");
        assertThat(shipped.statusCode()).as(shipped.body()).isEqualTo(200);
        assertThat(body(shipped).get("status").asText()).isEqualTo("SHIPPED");
        JsonNode after = body(decider().get("/api/v1/experiments/checkout-1/assignment?user_id=someone-new"));
        assertThat(after.get("variant").asText()).isEqualTo("new-checkout");
        assertThat(after.get("in_experiment").asBoolean()).isFalse();
    }

    @Test
    void aBrokenSplitIsFlaggedAndCannotShip() {
        analyst().postJson("/api/v1/experiments", definition("broken-split").toString());
        analyst().post("/api/v1/experiments/broken-split/start");
        // Exposures that do not match the 50/50 weights, as a faulty client logging would leave them.
        jdbc.sql("""
                INSERT INTO experiment_exposure (experiment_key, phase, user_id, variant)
                SELECT 'broken-split', 1, 'b-' || i, CASE WHEN i % 10 < 6 THEN 'control' ELSE 'new-checkout' END
                FROM generate_series(1, 4000) AS i
                """).update();
        JsonNode results = body(analyst().get("/api/v1/experiments/broken-split/results"));
        assertThat(results.at("/sample_ratio/flagged").asBoolean()).isTrue();
        assertThat(results.at("/flags/0/action").asText()).isEqualTo("SAMPLE_RATIO_MISMATCH");
        assertThat(results.at("/recommendation/action").asText()).isEqualTo("KEEP_RUNNING");
        HttpResponse<String> ship = ApiClient.as("admin", port).postJson("/api/v1/experiments/broken-split/ship",
                "{\"variant\": \"new-checkout\"}");
        assertThat(ship.statusCode()).isEqualTo(409);
        assertThat(body(ship).get("code").asText()).isEqualTo("sample_ratio_mismatch");
    }

    @Test
    void benefitAllocationDecidesUnderTheMembersVariantAndLogsIt() {
        // A draft as the treatment's rule set.
        HttpResponse<String> draft = analyst().postFiles("/api/v1/rulesets/drafts", Map.of(
                "decision-tables/emphasis.drl.xlsx", read(Path.of("docs/examples/emphasis-nice-to-watch-0.8.drl.xlsx"))));
        assertThat(draft.statusCode()).as(draft.body()).isEqualTo(201);
        String draftId = body(draft).at("/draft/draft_id").asText();
        String draftVersion = body(draft).at("/draft/version").asText();
        ObjectNode d = definition("benefits-ab");
        d.put("type", "BENEFIT_ALLOCATION");
        ((ObjectNode) d.get("variants").get(1)).putObject("ruleset").put("draft_id", draftId);
        d.putObject("targeting").putArray("tiers").add("SILVER");
        HttpResponse<String> created = analyst().postJson("/api/v1/experiments", d.toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(body(created).at("/definition/variants/1/ruleset_version").asText()).isEqualTo(draftVersion);
        analyst().post("/api/v1/experiments/benefits-ab/start");

        int inTreatment = 0;
        for (int i = 0; i < 40; i++) {
            JsonNode answer = body(decider().postJson("/api/v1/decisions/benefit-allocation",
                    "{\"user_id\": \"m-" + i + "\", \"tier\": \"SILVER\"}"));
            String variant = answer.at("/experiment/variant").asText();
            assertThat(answer.at("/experiment/key").asText()).isEqualTo("benefits-ab");
            if (variant.equals("new-checkout")) {
                inTreatment++;
                assertThat(answer.get("ruleset_version").asText()).isEqualTo(draftVersion);
            } else {
                assertThat(variant).isEqualTo("control");
                assertThat(answer.get("ruleset_version").asText()).isNotEqualTo(draftVersion);
            }
            List<Map<String, Object>> logged = jdbc.sql("SELECT experiment_key, variant FROM decision_log "
                    + "WHERE decision_id = CAST(:id AS uuid)").param("id", answer.get("decision_id").asText())
                    .query().listOfRows();
            assertThat(logged).singleElement().satisfies(row -> {
                assertThat(row.get("experiment_key")).isEqualTo("benefits-ab");
                assertThat(row.get("variant")).isEqualTo(variant);
            });
        }
        assertThat(inTreatment).isBetween(8, 32);
        // The arms compared on the same members: each decision replayed under both arms' rule sets from its inputs.
        JsonNode arms = body(analyst().postJson("/api/v1/simulations/experiment-arms",
                "{\"experiment_key\": \"benefits-ab\"}"));
        assertThat(arms.get("decisions").asInt()).isEqualTo(40);
        assertThat(arms.get("replayed_as_logged").asInt()).isEqualTo(40);
        assertThat(arms.get("arms").findValuesAsText("variant")).containsExactly("control", "new-checkout");
        assertThat(arms.at("/arms/1/ruleset_version").asText()).isEqualTo(draftVersion);
        assertThat(arms.at("/arms/0/decisions").asInt()).isEqualTo(40);
        assertThat(analyst().postJson("/api/v1/simulations/experiment-arms", "{\"limit\": 0}").statusCode())
                .isEqualTo(400);

        // Targeting: a GOLD member is not in it, and the decision names no experiment.
        JsonNode gold = body(decider().postJson("/api/v1/decisions/benefit-allocation",
                "{\"user_id\": \"m-gold\", \"tier\": \"GOLD\"}"));
        assertThat(gold.has("experiment")).isFalse();
        analyst().post("/api/v1/experiments/benefits-ab/stop");
    }

    @Test
    void aPopulationAllocationRunsForTheMembersOfOneArmUnderItsRuleSet() throws Exception {
        com.subdecide.tools.GenerateEvents.main(new String[] {"300", "5", "http://localhost:" + port});
        assertThat(analyst().post("/api/v1/models/bps/train").statusCode()).isEqualTo(200);
        ObjectNode d = definition("population-arms");
        d.put("type", "BENEFIT_ALLOCATION");
        d.putObject("targeting").putArray("tiers").add("SILVER");
        analyst().postJson("/api/v1/experiments", d.toString());
        analyst().post("/api/v1/experiments/population-arms/start");

        HttpResponse<String> wrongArm = analyst().postJson("/api/v1/allocations/benefits",
                "{\"tiers\": [\"SILVER\"], \"experiment\": {\"key\": \"population-arms\", \"variant\": \"nope\"}}");
        assertThat(body(wrongArm).get("errors").findValuesAsText("path")).containsExactly("$.experiment.variant");
        HttpResponse<String> started = analyst().postJson("/api/v1/allocations/benefits", "{\"tiers\": [\"SILVER\"], "
                + "\"time_limit_seconds\": 5, \"experiment\": {\"key\": \"population-arms\", \"variant\": \"new-checkout\"}}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode job = body(analyst().get("/api/v1/allocations/benefits/" + body(started).get("allocation_id").asText()
                + "?wait_seconds=60"));
        assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("DONE");
        // Exactly the SILVER members the experiment puts in the arm, as the assignment endpoint answers them.
        List<String> silver = jdbc.sql("SELECT user_id FROM benefit_member WHERE tier = 'SILVER'").query(String.class).list();
        long inArm = silver.stream().filter(u -> body(decider().get("/api/v1/experiments/population-arms/assignment?user_id="
                + u + "&tier=SILVER")).get("variant").asText().equals("new-checkout")).count();
        assertThat(inArm).isPositive();
        assertThat(job.at("/result/members").asLong()).isEqualTo(inArm);
        analyst().post("/api/v1/experiments/population-arms/stop");
    }

    @Test
    void manyUsersAtOnceAreAnsweredAsOneByOne() {
        analyst().postJson("/api/v1/experiments", definition("batched").toString());
        analyst().post("/api/v1/experiments/batched/start");
        ArrayNode users = json.createArrayNode();
        for (int i = 0; i < 300; i++) {
            users.addObject().put("user_id", "bt-" + i);
        }
        ObjectNode batch = json.createObjectNode();
        batch.set("users", users);
        JsonNode answers = body(decider().postJson("/api/v1/experiments/batched/assignments", batch.toString()))
                .get("assignments");
        assertThat(answers).hasSize(300);
        for (int i = 0; i < 300; i += 37) {
            JsonNode one = body(decider().get("/api/v1/experiments/batched/assignment?user_id=bt-" + i));
            assertThat(answers.get(i).get("variant")).isEqualTo(one.get("variant"));
            assertThat(answers.get(i).get("hash_value")).isEqualTo(one.get("hash_value"));
        }
        assertThat(body(analyst().get("/api/v1/experiments/batched/results")).get("users").asLong()).isEqualTo(300);
        HttpResponse<String> bad = decider().postJson("/api/v1/experiments/batched/assignments",
                "{\"users\": [{\"tier\": \"SILVER\"}, 7]}");
        assertThat(body(bad).get("errors").findValuesAsText("path")).containsExactly("$.users[0].user_id", "$.users[1]");
        analyst().post("/api/v1/experiments/batched/stop");
    }

    @Test
    void theGlobalHoldoutKeepsItsShareOutOfExperimentsThatOptIn() {
        assertThat(analyst().send("PUT", "/api/v1/holdout", "{\"share\": 0.7, \"seed\": \"h\"}").statusCode())
                .isEqualTo(400);
        HttpResponse<String> set = analyst().send("PUT", "/api/v1/holdout", "{\"share\": 0.2, \"seed\": \"holdout-1\"}");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        ObjectNode d = definition("held-out");
        d.put("holdout", true);
        analyst().postJson("/api/v1/experiments", d.toString());
        analyst().post("/api/v1/experiments/held-out/start");
        int held = 0;
        for (int i = 0; i < 1000; i++) {
            JsonNode a = body(decider().get("/api/v1/experiments/held-out/assignment?user_id=h-" + i));
            if (!a.get("in_experiment").asBoolean()) {
                assertThat(a.get("reason").asText()).isEqualTo("in the global holdout");
                held++;
            }
        }
        assertThat(held).isBetween(150, 250);
        assertThat(analyst().send("PUT", "/api/v1/holdout", "{\"share\": 0.1, \"seed\": \"other\"}").statusCode())
                .isEqualTo(409);
        analyst().post("/api/v1/experiments/held-out/stop");
        assertThat(decider().get("/api/v1/experiments/held-out/assignment").statusCode()).isEqualTo(400);
        assertThat(decider().get("/api/v1/experiments/no-such/assignment?user_id=u").statusCode()).isEqualTo(404);
    }

    void post(ArrayNode events) {
        if (events.isEmpty()) {
            return;
        }
        ObjectNode batch = json.createObjectNode();
        batch.set("events", events);
        HttpResponse<String> posted = decider().postJson("/api/v1/events", batch.toString());
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
    }

    static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path temp() {
        try {
            return Files.createTempDirectory("experiments");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
