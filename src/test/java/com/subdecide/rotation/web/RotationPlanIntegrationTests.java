package com.subdecide.rotation.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subdecide.system.DecisionLog;
import com.subdecide.system.DecisionRecord;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The rotation-plan endpoint over real HTTP, on the embedded PostgreSQL, with the shipped rule set. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RotationPlanIntegrationTests {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ObjectMapper json;
    @Autowired
    DecisionLog log;

    private HttpResponse<String> post(String body) throws IOException, InterruptedException {
        return new RotationEndpoint(port).post(body);
    }

    private ObjectNode example() throws IOException {
        return (ObjectNode) json.readTree(RotationEndpoint.example());
    }

    @Test
    void decidesTheExampleMonthAndLogsIt() throws Exception {
        HttpResponse<String> response = post(example().toString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode plan = json.readTree(response.body());

        assertThat(plan.get("ruleset_version").asText()).startsWith("sha256:");
        assertThat(plan.get("total_monthly_cost").decimalValue()).isLessThanOrEqualTo(plan.get("budget_cap").decimalValue());
        // Dune is a must-watch leaving in 3 days: urgency override puts Max in the plan and Dune first to watch.
        assertThat(plan.at("/action_plan/subscribe/0/platform_id").asText()).isEqualTo("max");
        assertThat(plan.at("/watch_next/0/title_id").asText()).isEqualTo("t-dune");
        assertThat(plan.at("/watch_next/0/watch_by").asText()).isEqualTo("2026-11-26");
        // Severance is an in-progress must-watch on Apple: kept, at what the user pays now.
        assertThat(plan.at("/action_plan/keep/0/platform_id").asText()).isEqualTo("apple");
        assertThat(plan.at("/action_plan/keep/0/renewal_date").asText()).isEqualTo("2026-12-01");
        // Netflix only carries a completed title: ridden out to the day before renewal.
        JsonNode cancel = plan.at("/action_plan/cancel/0");
        assertThat(cancel.get("platform_id").asText()).isEqualTo("netflix");
        assertThat(cancel.get("execute_date").asText()).isEqualTo("2026-12-04");
        assertThat(cancel.get("access_until").asText()).isEqualTo("2026-12-05");
        assertThat(cancel.get("monthly_savings").decimalValue()).isEqualByComparingTo("15.49");
        assertThat(cancel.get("reason").asText()).isNotBlank();
        // Apple's utility score: 0.92 x 3.0 (must watch) x 1.0 x 1.5 (in-progress series) = 4.14.
        assertThat(plan.get("platform_scores").findValues("platform_id").stream().map(JsonNode::asText))
                .contains("apple");
        for (JsonNode score : plan.get("platform_scores")) {
            if (score.get("platform_id").asText().equals("apple")) {
                assertThat(score.get("utility_score").decimalValue()).isEqualByComparingTo("4.14");
            }
        }
        assertThat(plan.at("/explanation/optimal").asBoolean()).isTrue();
        assertThat(plan.at("/explanation/constraints").findValuesAsText("name"))
                .contains("Budget cap", "Covered value", "Monthly cost");
        assertThat(plan.at("/explanation/rules_fired").findValuesAsText("source"))
                .contains("decision-tables/urgency.drl.xlsx!Urgency!B10", "decision-tables/emphasis.drl.xlsx!Emphasis!B10")
                .anyMatch(source -> source.startsWith("rules/rotation-guardrails.drl:"));

        UUID id = UUID.fromString(plan.get("decision_id").asText());
        var row = jdbc.sql("SELECT ruleset_version, user_id, request IS NULL AS request_deflated_only,"
                        + " response->>'decision_id' AS resp_id, total_micros FROM decision_log WHERE decision_id = :id")
                .param("id", id).query().singleRow();
        assertThat(row.get("ruleset_version")).isEqualTo(plan.get("ruleset_version").asText());
        assertThat(row.get("user_id")).isEqualTo("u-42");
        assertThat(row.get("request_deflated_only")).isEqualTo(true);
        assertThat(row.get("resp_id")).isEqualTo(id.toString());
        assertThat((Long) row.get("total_micros")).isPositive();
        DecisionRecord logged = log.find(id).orElseThrow();
        assertThat(json.readTree(logged.responseJson())).isEqualTo(plan);
        assertThat(json.readTree(logged.requestJson())).isEqualTo(example());
        assertThat(logged.decisionType()).isEqualTo("rotation-plan");
    }

    @Test
    void aDecisionLoggedBeforeRequestsWereStoredDeflatedIsStillRead() throws Exception {
        UUID id = UUID.randomUUID();
        String request = example().toString();
        jdbc.sql("INSERT INTO decision_log (decision_id, decision_type, user_id, ruleset_version, request, response,"
                        + " rules_micros, solve_micros, total_micros) VALUES (:id, 'rotation-plan', 'u-42', 'sha256:old',"
                        + " CAST(:request AS json), CAST(:response AS json), 1, 2, 3)")
                .param("id", id).param("request", request).param("response", "{\"decision_id\":\"" + id + "\"}").update();
        DecisionRecord logged = log.find(id).orElseThrow();
        assertThat(json.readTree(logged.requestJson())).isEqualTo(example());
        assertThat(log.find(List.of(id, UUID.randomUUID()))).extracting(DecisionRecord::requestJson)
                .containsExactly(logged.requestJson());
    }

    @Test
    void aDearerTierIsASubscribeNamingTheTierItReplacesAndACheaperOneADowngrade() throws Exception {
        ObjectNode body = example();
        // Max standard is paid for now; 12.00 leaves room for Max ads only, so Max goes down a tier.
        ArrayNode subscriptions = (ArrayNode) body.get("active_subscriptions");
        subscriptions.addObject().put("platform_id", "max").put("tier_id", "standard").put("monthly_cost", 16.99)
                .put("next_billing_date", "2026-12-10");
        body.put("budget_cap", 12.00);
        JsonNode plan = json.readTree(post(body.toString()).body());
        JsonNode downgrade = plan.at("/action_plan/downgrade/0");
        assertThat(downgrade.get("platform_id").asText()).isEqualTo("max");
        assertThat(downgrade.get("to_tier_id").asText()).isEqualTo("ads");
        assertThat(downgrade.get("effective_date").asText()).isEqualTo("2026-12-10");
        assertThat(downgrade.get("cost_reduction").decimalValue()).isEqualByComparingTo("7.00");
        assertThat(plan.get("total_monthly_cost").decimalValue()).isLessThanOrEqualTo(plan.get("budget_cap").decimalValue());
    }

    @Test
    void everyBadFieldIsNamedInOneProblemDocument() throws Exception {
        expectProblem(b -> b.put("budget_cap", -1), "$.budget_cap", "negative");
        expectProblem(b -> b.put("budget_cap", "30"), "$.budget_cap", "not_a_number");
        expectProblem(b -> b.put("budget_cap", 30.001), "$.budget_cap", "too_many_decimals");
        expectProblem(b -> b.remove("user_id"), "$.user_id", "required");
        expectProblem(b -> b.remove("platforms"), "$.platforms", "required");
        expectProblem(b -> b.remove("catalog"), "$.catalog", "required");
        expectProblem(b -> b.put("currency", "usd"), "$.currency", "invalid_currency");
        expectProblem(b -> b.put("as_of", "2026-13-01"), "$.as_of", "invalid_date");
        expectProblem(b -> ((ObjectNode) b.at("/watchlist/0")).put("priority", "MUST"), "$.watchlist[0].priority", "unknown_value");
        expectProblem(b -> ((ObjectNode) b.at("/platforms/0/tiers/0")).put("level", "GOLD"), "$.platforms[0].tiers[0].level", "unknown_value");
        expectProblem(b -> ((ObjectNode) b.at("/active_subscriptions/0")).put("platform_id", "nope"),
                "$.active_subscriptions[0].platform_id", "unknown_platform");
        expectProblem(b -> ((ObjectNode) b.at("/active_subscriptions/0")).put("tier_id", "gold"),
                "$.active_subscriptions[0].tier_id", "unknown_tier");
        expectProblem(b -> ((ObjectNode) b.at("/bundles/0/includes/0")).put("tier_id", "gold"),
                "$.bundles[0].includes[0].tier_id", "unknown_tier");
        expectProblem(b -> ((ArrayNode) b.at("/catalog/0/platform_ids")).add("nope"),
                "$.catalog[0].platform_ids[1]", "unknown_platform");
        expectProblem(b -> ((ObjectNode) b.at("/platforms/1")).put("platform_id", "netflix"),
                "$.platforms[1].platform_id", "duplicate_id");
        expectProblem(b -> ((ObjectNode) b.at("/content_lifecycle/0")).put("leaving_date", "soon"),
                "$.content_lifecycle[0].leaving_date", "invalid_date");
        expectProblem(b -> ((ObjectNode) b.at("/platforms/0/tiers/0")).put("monthly_cost", -7.99),
                "$.platforms[0].tiers[0].monthly_cost", "negative");
    }

    @Test
    void severalBadFieldsAreReportedTogether() throws Exception {
        ObjectNode body = example();
        body.put("budget_cap", -5);
        ((ObjectNode) body.at("/watchlist/1")).put("rec_score", 7);
        HttpResponse<String> response = post(body.toString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("errors").findValuesAsText("path"))
                .containsExactlyInAnyOrder("$.budget_cap", "$.watchlist[1].rec_score");
    }

    @Test
    void bodiesThatAreNotJsonOrTooLargeAreRejectedWithA400() throws Exception {
        for (String body : List.of("", "{", "[]", "null", "{\"a\":1}{", "\"text\"", "{\"user_id\":\"a\",\"user_id\":\"b\"}")) {
            HttpResponse<String> response = post(body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(json.readTree(response.body()).get("code").asText()).as(body).isNotBlank();
        }
        HttpResponse<String> tooLarge = post("{\"user_id\":\"" + "x".repeat(3_000_000) + "\"}");
        assertThat(tooLarge.statusCode()).isEqualTo(400);
        assertThat(json.readTree(tooLarge.body()).get("code").asText()).isEqualTo("body_too_large");
    }

    @Test
    void theRequestIsLoggedAsSentInUtf8AndWrittenOutFromOtherEncodings() throws Exception {
        String pretty = json.writerWithDefaultPrettyPrinter().writeValueAsString(example());
        byte[] utf8 = pretty.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bom = new byte[utf8.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, bom, 3, utf8.length);
        List<byte[]> bodies = List.of(utf8, bom, pretty.getBytes(java.nio.charset.StandardCharsets.UTF_16BE),
                pretty.getBytes(java.nio.charset.StandardCharsets.UTF_16));
        for (int i = 0; i < bodies.size(); i++) {
            HttpResponse<String> response = new RotationEndpoint(port).post(bodies.get(i));
            assertThat(response.statusCode()).as("body %d", i).isEqualTo(200);
            UUID id = UUID.fromString(json.readTree(response.body()).get("decision_id").asText());
            DecisionRecord logged = log.find(id).orElseThrow();
            assertThat(json.readTree(logged.requestJson())).as("body %d", i).isEqualTo(example());
            if (i == 0) {
                // Kept as received, layout included: the log does not write the request out again.
                assertThat(logged.requestJson()).isEqualTo(pretty);
            }
        }
    }

    private void expectProblem(Consumer<ObjectNode> change, String path, String code) throws Exception {
        ObjectNode body = example();
        change.accept(body);
        HttpResponse<String> response = post(body.toString());
        assertThat(response.statusCode()).as(path).isEqualTo(400);
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("code").asText()).isEqualTo("invalid_request");
        assertThat(problem.get("errors")).as(response.body())
                .anySatisfy(error -> {
                    assertThat(error.get("path").asText()).isEqualTo(path);
                    assertThat(error.get("code").asText()).isEqualTo(code);
                });
    }
}
