package com.subdecide.benefits.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subdecide.ApiClient;
import com.subdecide.benefits.BehaviourEvent;
import com.subdecide.benefits.BehaviourEvents;
import com.subdecide.tools.SyntheticPopulation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The propensity model trained on generated shoppers with known propensities, on the embedded PostgreSQL: it
 * ranks held-out users nearly as well as the true propensities do, and a user's new events move their score.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PropensityModelIntegrationTests {

    @LocalServerPort
    int port;
    @Autowired
    ObjectMapper json;
    @Autowired
    BehaviourEvents events;
    @Autowired
    com.subdecide.system.DecisionLog log;

    JsonNode body(HttpResponse<String> response) {
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theModelRecoversTheKnownPropensitiesAndScoresMoveWithNewEvents() {
        Instant now = Instant.now();
        List<SyntheticPopulation.User> users = SyntheticPopulation.generate(3000, 42, now);
        List<BehaviourEvent> all = new ArrayList<>();
        users.forEach(u -> all.addAll(u.events()));
        for (int i = 0; i < all.size(); i += 1000) {
            events.store(all.subList(i, Math.min(all.size(), i + 1000)));
        }
        HttpResponse<String> trained = ApiClient.as("analyst", port).post("/api/v1/models/bps/train");
        assertThat(trained.statusCode()).as(trained.body()).isEqualTo(200);
        JsonNode version = body(trained);
        assertThat(version.get("benefits").findValuesAsText("benefit_id")).containsExactlyInAnyOrderElementsOf(
                SyntheticPopulation.BENEFITS);
        for (JsonNode fitted : version.get("benefits")) {
            String benefit = fitted.get("benefit_id").asText();
            double oracle = oracleAuc(users, benefit);
            assertThat(fitted.get("auc").asDouble()).as("%s AUC (true propensities reach %.3f)", benefit, oracle)
                    .isGreaterThan(0.7).isGreaterThan(oracle - 0.05);
            assertThat(fitted.get("test_users").asInt()).isBetween(450, 750);
        }

        // A quiet user starts buying: fast shipping's score rises without retraining, and purchases explain it.
        String quiet = users.stream().filter(u -> u.events().stream().noneMatch(e -> e.type().equals("PURCHASE")))
                .findFirst().orElseThrow().userId();
        double before = score(quiet, "fast_shipping");
        List<BehaviourEvent> buying = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            buying.add(new BehaviourEvent(quiet + "-new-" + i, quiet, "PURCHASE", now.minus(Duration.ofDays(i + 1)),
                    "books", null, new BigDecimal("40.00"), null, null));
        }
        events.store(buying);
        JsonNode after = body(ApiClient.as("decider", port).get("/api/v1/users/" + quiet + "/bps"));
        JsonNode fast = null;
        for (JsonNode s : after.get("scores")) {
            if (s.get("benefit_id").asText().equals("fast_shipping")) {
                fast = s;
            }
        }
        assertThat(fast.get("score").asDouble()).isGreaterThan(before + 0.2);
        assertThat(fast.at("/top_factors/0/feature").asText()).startsWith("purchases_");
        assertThat(fast.at("/top_factors/0/effect").asText()).isEqualTo("+");
        assertThat(after.get("model_version").asText()).isEqualTo(version.get("version").asText());

        // The now-frequent buyer on SILVER gets fast shipping from the pool, with the table row behind it; logged.
        HttpResponse<String> allocated = ApiClient.as("decider", port).postJson("/api/v1/decisions/benefit-allocation",
                "{\"user_id\": \"" + quiet + "\", \"tier\": \"SILVER\"}");
        assertThat(allocated.statusCode()).as(allocated.body()).isEqualTo(200);
        JsonNode allocation = body(allocated);
        assertThat(allocation.get("benefits").findValuesAsText("benefit_id")).contains("free_shipping", "fast_shipping");
        assertThat(allocation.get("benefits").findValuesAsText("source"))
                .contains("decision-tables/benefit-pool.drl.xlsx!Pool!B12");
        assertThat(log.find(java.util.UUID.fromString(allocation.get("decision_id").asText()))).isPresent();
        // The member's dashboard: current benefits with their reasons, scores, and model-derived suggestions.
        JsonNode dashboard = body(ApiClient.as("decider", port).get("/api/v1/users/" + quiet + "/benefits/dashboard"));
        assertThat(dashboard.get("benefits").findValuesAsText("benefit_id")).contains("fast_shipping");
        assertThat(dashboard.get("scores")).hasSize(SyntheticPopulation.BENEFITS.size());
        for (JsonNode suggestion : dashboard.get("suggestions")) {
            assertThat(suggestion.get("text").asText()).contains(" to unlock ");
            assertThat(suggestion.get("actions").asInt()).isBetween(1, 20);
            assertThat(suggestion.get("score_after").asDouble())
                    .isGreaterThan(score(quiet, suggestion.get("benefit_id").asText()));
        }

        // Swaps: fast shipping may be traded for the 10% discount on SILVER; free shipping for member events may not.
        java.util.List<String> held = dashboard.get("benefits").findValuesAsText("benefit_id");
        String take = held.contains("discount_10") ? null : "discount_10";
        if (take != null) {
            HttpResponse<String> swapped = ApiClient.as("decider", port).postJson("/api/v1/users/" + quiet
                    + "/benefits/swap", "{\"give\": \"fast_shipping\", \"take\": \"discount_10\"}");
            assertThat(swapped.statusCode()).as(swapped.body()).isEqualTo(200);
            assertThat(body(swapped).get("allowed").asBoolean()).isTrue();
            assertThat(body(swapped).get("source").asText()).isEqualTo("decision-tables/benefit-swaps.drl.xlsx!Swaps!B10");
            assertThat(body(ApiClient.as("decider", port).get("/api/v1/users/" + quiet + "/benefits/dashboard"))
                    .get("benefits").findValuesAsText("benefit_id")).contains("discount_10").doesNotContain("fast_shipping");
        }
        HttpResponse<String> refused = ApiClient.as("decider", port).postJson("/api/v1/users/" + quiet + "/benefits/swap",
                "{\"give\": \"free_shipping\", \"take\": \"member_events\"}");
        assertThat(body(refused).get("allowed").asBoolean()).isFalse();
        assertThat(body(refused).get("reason").asText()).isEqualTo("SILVER does not allow trading 'free_shipping' for 'member_events'");
        HttpResponse<String> notHeld = ApiClient.as("decider", port).postJson("/api/v1/users/" + quiet + "/benefits/swap",
                "{\"give\": \"gold_bars\", \"take\": \"member_events\"}");
        assertThat(notHeld.statusCode()).isEqualTo(400);
        assertThat(body(notHeld).at("/errors/0/path").asText()).isEqualTo("$.give");
        assertThat(ApiClient.as("decider", port).get("/api/v1/users/nobody/benefits/dashboard").statusCode()).isEqualTo(404);

        // A/B-ready: the same decision under a named stored rule-set version (a variant), logged with it.
        String live = body(ApiClient.as("analyst", port).get("/api/v1/rulesets/active")).get("version").asText();
        JsonNode variant = body(ApiClient.as("decider", port).postJson("/api/v1/decisions/benefit-allocation",
                "{\"user_id\": \"" + quiet + "\", \"tier\": \"SILVER\", \"ruleset_version\": \"" + live.substring(7, 19) + "\"}"));
        assertThat(variant.get("ruleset_version").asText()).isEqualTo(live);
        assertThat(log.find(java.util.UUID.fromString(variant.get("decision_id").asText())).orElseThrow().rulesetVersion())
                .isEqualTo(live);
        HttpResponse<String> unknownVariant = ApiClient.as("decider", port).postJson("/api/v1/decisions/benefit-allocation",
                "{\"user_id\": \"u-1\", \"tier\": \"SILVER\", \"ruleset_version\": \"deadbeefdeadbeef\"}");
        assertThat(body(unknownVariant).at("/errors/0/path").asText()).isEqualTo("$.ruleset_version");

        HttpResponse<String> bad = ApiClient.as("decider", port).postJson("/api/v1/decisions/benefit-allocation",
                "{\"tier\": \"PLATINUM\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(body(bad).get("errors").findValuesAsText("path")).containsExactly("$.user_id");
        HttpResponse<String> unknownTier = ApiClient.as("decider", port).postJson("/api/v1/decisions/benefit-allocation",
                "{\"user_id\": \"u-1\", \"tier\": \"PLATINUM\"}");
        assertThat(unknownTier.statusCode()).isEqualTo(400);
        assertThat(body(unknownTier).at("/errors/0/path").asText()).isEqualTo("$.tier");
    }

    double score(String user, String benefit) {
        for (JsonNode s : body(ApiClient.as("decider", port).get("/api/v1/users/" + user + "/bps")).get("scores")) {
            if (s.get("benefit_id").asText().equals(benefit)) {
                return s.get("score").asDouble();
            }
        }
        throw new AssertionError("no score for " + benefit);
    }

    /** AUC of the true propensities against the drawn labels (Mann-Whitney), over every generated user. */
    static double oracleAuc(List<SyntheticPopulation.User> users, String benefit) {
        List<double[]> rows = new ArrayList<>();
        for (SyntheticPopulation.User u : users) {
            boolean used = u.events().stream().anyMatch(e -> benefit.equals(e.benefitId()));
            rows.add(new double[] {u.propensity().get(benefit), used ? 1 : 0});
        }
        rows.sort((a, b) -> Double.compare(a[0], b[0]));
        double rankSum = 0;
        long positives = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i)[1] == 1) {
                rankSum += i + 1;
                positives++;
            }
        }
        long negatives = rows.size() - positives;
        return (rankSum - positives * (positives + 1) / 2.0) / (positives * (double) negatives);
    }
}
