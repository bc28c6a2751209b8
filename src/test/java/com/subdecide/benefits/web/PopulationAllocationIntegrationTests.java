package com.subdecide.benefits.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subdecide.ApiClient;
import com.subdecide.benefits.BehaviourEvent;
import com.subdecide.benefits.BehaviourEvents;
import com.subdecide.tools.SyntheticPopulation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Population allocation end to end on the embedded PostgreSQL: generated shoppers' events, a trained model, members
 * in tiers, then jobs with and without capacities: the bound, the gap, capacity use, who lost what and why, each
 * member's result, and the refusals of bad requests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PopulationAllocationIntegrationTests {

    @LocalServerPort
    int port;
    @Autowired
    ObjectMapper json;
    @Autowired
    BehaviourEvents events;

    JsonNode body(HttpResponse<String> response) {
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void allocatesAPopulationUnderCapacitiesWithABoundAndSaysWhoLostWhat() throws Exception {
        List<SyntheticPopulation.User> users = SyntheticPopulation.generate(600, 77, Instant.now());
        List<BehaviourEvent> all = new ArrayList<>();
        users.forEach(u -> all.addAll(u.events()));
        for (int i = 0; i < all.size(); i += 1000) {
            events.store(all.subList(i, Math.min(all.size(), i + 1000)));
        }
        assertThat(ApiClient.as("analyst", port).post("/api/v1/models/bps/train").statusCode()).isEqualTo(200);

        ObjectNode membersBody = json.createObjectNode();
        ArrayNode list = membersBody.putArray("members");
        for (int i = 0; i < users.size(); i++) {
            list.addObject().put("user_id", users.get(i).userId()).put("tier", i % 5 < 3 ? "SILVER" : "GOLD");
        }
        HttpResponse<String> stored = ApiClient.as("decider", port).postJson("/api/v1/members", membersBody.toString());
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
        assertThat(body(stored).at("/members_by_tier/SILVER").asLong()).isGreaterThanOrEqualTo(360);

        HttpResponse<String> badMembers = ApiClient.as("decider", port).postJson("/api/v1/members",
                "{\"members\": [{\"user_id\": \"a\", \"tier\": \"GOLD\"}, {\"user_id\": \"b\", \"tier\": \"PLATINUM\"}, {\"tier\": \"GOLD\"}]}");
        assertThat(badMembers.statusCode()).isEqualTo(400);
        assertThat(body(badMembers).get("errors").findValuesAsText("path"))
                .containsExactly("$.members[1].tier", "$.members[2].user_id");

        // Without capacities every member gets what the per-user allocation gives them: proven optimal, nobody lost.
        JsonNode free = run("{\"tiers\": [\"SILVER\", \"GOLD\"], \"time_limit_seconds\": 5}");
        assertThat(free.get("members").asInt()).isEqualTo(600);
        assertThat(free.get("proven_optimal").asBoolean()).isTrue();
        assertThat(free.get("gap").asDouble()).isZero();
        assertThat(free.at("/lost/total").asLong()).isZero();
        String freeId = free.get("allocation_id").asText();
        for (SyntheticPopulation.User user : users.subList(0, 6)) {
            JsonNode single = body(ApiClient.as("decider", port).postJson("/api/v1/decisions/benefit-allocation",
                    "{\"user_id\": \"" + user.userId() + "\", \"tier\": \"" + tierOf(users, user) + "\"}"));
            JsonNode inPopulation = body(ApiClient.as("analyst", port)
                    .get("/api/v1/allocations/benefits/" + freeId + "/users/" + user.userId()));
            assertThat(inPopulation.get("benefits").findValuesAsText("benefit_id"))
                    .as(user.userId()).containsExactlyInAnyOrderElementsOf(single.get("benefits").findValuesAsText("benefit_id"));
        }

        // With capacities that bind: feasible, within the bound, and those who lost a place are named with why.
        long wantDrop = free.at("/capacities").size();
        assertThat(wantDrop).isZero();
        JsonNode capped = run("""
                {"tiers": ["SILVER", "GOLD"], "time_limit_seconds": 5,
                 "capacities": [{"benefit_id": "exclusive_drop_nov", "max_users": 15},
                                {"benefit_id": "fast_shipping", "max_users": 40},
                                {"benefit_id": "discount_10", "max_total_value": 120.00},
                                {"benefit_id": "early_access", "max_users": 3, "max_total_value": 6.00}]}
                """);
        assertThat(capped.get("objective").asDouble()).isLessThanOrEqualTo(capped.get("upper_bound").asDouble() + 1e-6)
                .isLessThan(free.get("objective").asDouble());
        assertThat(capped.get("gap").asDouble()).isLessThan(0.02);
        assertThat(capped.get("score").asText()).startsWith("0hard/");
        for (JsonNode use : capped.get("capacities")) {
            if (use.hasNonNull("max_users")) {
                assertThat(use.get("used_users").asLong()).isLessThanOrEqualTo(use.get("max_users").asLong());
            }
            if (use.hasNonNull("max_total_value")) {
                assertThat(use.get("used_value").decimalValue()).isLessThanOrEqualTo(use.get("max_total_value").decimalValue());
            }
        }
        assertThat(capped.at("/capacities/0/full").asBoolean()).isTrue();
        assertThat(capped.at("/lost/total").asLong()).isPositive();
        assertThat(capped.at("/lost/by_benefit/exclusive_drop_nov").asInt()).isPositive();
        JsonNode example = capped.at("/lost/examples/0");
        assertThat(example.get("reason").asText()).contains(" is limited to ").contains("yours was worth");
        String cappedId = capped.get("allocation_id").asText();
        JsonNode loser = body(ApiClient.as("analyst", port)
                .get("/api/v1/allocations/benefits/" + cappedId + "/users/" + example.get("user_id").asText()));
        assertThat(loser.get("benefits").findValuesAsText("benefit_id")).doesNotContain(example.get("benefit_id").asText());
        assertThat(loser.get("lost").findValuesAsText("benefit_id")).contains(example.get("benefit_id").asText());
        for (JsonNode given : loser.get("benefits")) {
            if (given.get("kind").asText().equals("POOL")) {
                assertThat(given.get("source").asText()).startsWith("decision-tables/benefit-pool.drl.xlsx!Pool!B");
            }
        }
        HttpResponse<String> csv = ApiClient.as("analyst", port).get("/api/v1/allocations/benefits/" + cappedId + "/lost.csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.body().lines().count()).isEqualTo(capped.at("/lost/total").asLong() + 1);
        assertThat(csv.body()).startsWith("user_id,tier,benefit_id,worth,instead,reason\n");

        // Applied, the allocation becomes the members' current benefits: the loser's dashboard shows it.
        HttpResponse<String> applied = ApiClient.as("analyst", port).post("/api/v1/allocations/benefits/" + cappedId + "/apply");
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
        assertThat(body(applied).get("applied").asLong()).isEqualTo(600);
        JsonNode dashboard = body(ApiClient.as("decider", port).get("/api/v1/users/" + example.get("user_id").asText()
                + "/benefits/dashboard"));
        assertThat(dashboard.get("benefits").findValuesAsText("benefit_id"))
                .containsExactlyInAnyOrderElementsOf(loser.get("benefits").findValuesAsText("benefit_id"));
        assertThat(dashboard.get("benefits").findValuesAsText("reason")).allSatisfy(r -> assertThat(r).isNotBlank());
        assertThat(body(ApiClient.as("analyst", port).get("/api/v1/allocations/benefits/" + cappedId)).get("applied_by")
                .asText()).isEqualTo("analyst");
        assertThat(ApiClient.as("decider", port).post("/api/v1/allocations/benefits/" + cappedId + "/apply").statusCode())
                .isEqualTo(403);
    }

    @Test
    void refusesBadRequestsNamingEachField() {
        HttpResponse<String> bad = ApiClient.as("analyst", port).postJson("/api/v1/allocations/benefits", """
                {"tiers": ["SILVER", "PLATINUM"], "time_limit_seconds": 0,
                 "capacities": [{"benefit_id": "free_shipping", "max_users": 10},
                                {"benefit_id": "gold_bars", "max_users": 10},
                                {"benefit_id": "discount_10"},
                                {"benefit_id": "early_access", "max_users": -1, "max_total_value": 1.234}]}
                """);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(body(bad).get("errors").findValuesAsText("path")).containsExactlyInAnyOrder("$.tiers[1]",
                "$.time_limit_seconds", "$.capacities[0].benefit_id", "$.capacities[1].benefit_id", "$.capacities[2]",
                "$.capacities[3].max_users", "$.capacities[3].max_total_value");
        assertThat(body(ApiClient.as("analyst", port).postJson("/api/v1/allocations/benefits", "{}")).at("/errors/0/path")
                .asText()).isEqualTo("$.tiers");
        assertThat(ApiClient.as("decider", port).postJson("/api/v1/allocations/benefits", "{\"tiers\": [\"GOLD\"]}")
                .statusCode()).isEqualTo(403);
        assertThat(ApiClient.as("analyst", port).get("/api/v1/allocations/benefits/not-a-job").statusCode()).isEqualTo(404);
        assertThat(ApiClient.as("analyst", port).get("/api/v1/allocations/benefits/" + java.util.UUID.randomUUID())
                .statusCode()).isEqualTo(404);
    }

    private static String tierOf(List<SyntheticPopulation.User> users, SyntheticPopulation.User user) {
        return users.indexOf(user) % 5 < 3 ? "SILVER" : "GOLD";
    }

    /** Starts a job, waits for it, answers its result with the job id added. */
    private JsonNode run(String request) throws InterruptedException {
        HttpResponse<String> started = ApiClient.as("analyst", port).postJson("/api/v1/allocations/benefits", request);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String id = body(started).get("allocation_id").asText();
        long deadline = System.nanoTime() + 120_000_000_000L;
        JsonNode job = body(ApiClient.as("analyst", port).get("/api/v1/allocations/benefits/" + id));
        while (!job.get("status").asText().matches("DONE|FAILED") && System.nanoTime() < deadline) {
            Thread.sleep(200);
            job = body(ApiClient.as("analyst", port).get("/api/v1/allocations/benefits/" + id));
        }
        assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("DONE");
        ObjectNode result = (ObjectNode) job.get("result");
        result.put("allocation_id", id);
        return result;
    }
}
