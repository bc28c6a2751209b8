package com.subdecide.pricing.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subdecide.ApiClient;
import com.subdecide.Services;
import com.subdecide.pricing.PriceExposures;
import com.subdecide.rules.RuleFolders;
import com.subdecide.tools.GenerateSubscriptions;
import com.subdecide.tools.SyntheticDemand;
import com.subdecide.tools.SyntheticSubscribers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Demand data over HTTP on its own embedded PostgreSQL: exposures and competitor prices in, validated whole; the
 * elasticities of generated visitors with known elasticities out, a thin segment pooled toward its plan, and no
 * number where the data cannot support one.
 */
class PricingDemandIntegrationTests {

    static final ObjectMapper JSON = new ObjectMapper();

    JsonNode body(HttpResponse<String> response) {
        return ApiClient.body(response);
    }

    @Test
    void elasticitiesRecoverTheKnownOnesAndThinSegmentsLeanOnTheirPlan(@TempDir Path temp) {
        try (ConfigurableApplicationContext app = Services.start(temp.resolve("pg"),
                RuleFolders.copyOfShipped(temp.resolve("folders")))) {
            ApiClient analyst = ApiClient.as("analyst", Services.port(app));
            ApiClient decider = ApiClient.as("decider", Services.port(app));
            assertThat(analyst.send("PUT", "/api/v1/pricing/plans", GenerateSubscriptions.priceBook(JSON).toString())
                    .statusCode()).isEqualTo(200);

            // Nothing shown yet: no number, and what is missing.
            JsonNode none = body(analyst.get("/api/v1/pricing/plans/basic/elasticity?segment=family"));
            assertThat(none.get("code").asText()).isEqualTo("data_quality_issue");
            assertThat(none.at("/details/minimum_observations").asInt()).isEqualTo(400);
            assertThat(none.at("/details/minimum_distinct_prices").asInt()).isEqualTo(3);
            assertThat(analyst.get("/api/v1/pricing/plans/gold/elasticity").statusCode()).isEqualTo(404);
            assertThat(analyst.get("/api/v1/pricing/plans/basic/elasticity?segment=nobody").statusCode()).isEqualTo(404);

            HttpResponse<String> bad = decider.postJson("/api/v1/pricing/exposures", """
                    {"exposures": [
                      {"exposure_id": "e1", "plan_id": "gold", "price": 0, "currency": "USD",
                       "shown_at": "2026-01-01T00:00:00Z", "converted": "yes"},
                      {"exposure_id": "e2", "visitor_id": "v", "plan_id": "basic", "segment": "x", "price": 8.99,
                       "currency": "EUR", "shown_at": "soon", "converted": false}]}
                    """);
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(body(bad).get("errors").findValuesAsText("path")).containsExactly("$.exposures[0].visitor_id",
                    "$.exposures[0].price", "$.exposures[0].plan_id", "$.exposures[0].converted",
                    "$.exposures[1].currency", "$.exposures[1].segment", "$.exposures[1].shown_at");

            // Generated visitors, premium's students all but removed: 60 exposures is too few to stand alone.
            List<PriceExposures.Exposure> all = SyntheticDemand.generate(20_000, 5, Instant.now());
            List<PriceExposures.Exposure> kept = all.stream().filter(e -> !(e.planId().equals("premium")
                    && e.segment().equals("student") && Integer.parseInt(e.exposureId().substring(
                    e.exposureId().lastIndexOf('-') + 1)) >= 60)).toList();
            PriceExposures exposures = app.getBean(PriceExposures.class);
            for (int i = 0; i < kept.size(); i += 1000) {
                exposures.store(kept.subList(i, Math.min(kept.size(), i + 1000)));
            }
            assertThat(exposures.store(kept.subList(0, 1000)).duplicates()).isEqualTo(1000);

            int covered = 0;
            int ownCovered = 0;
            int cells = 0;
            for (SyntheticSubscribers.PlanTruth plan : SyntheticSubscribers.PLANS) {
                for (SyntheticSubscribers.SegmentTruth segment : SyntheticSubscribers.SEGMENTS) {
                    if (plan.planId().equals("premium") && segment.segment().equals("student")) {
                        continue;
                    }
                    JsonNode e = body(analyst.get("/api/v1/pricing/plans/" + plan.planId() + "/elasticity?segment="
                            + segment.segment()));
                    assertThat(e.get("distinct_prices").asInt()).isEqualTo(5);
                    assertThat(e.get("pooled").asBoolean()).isFalse();
                    assertThat(e.get("elasticity").asDouble()).isEqualTo(e.get("own").get("elasticity").asDouble());
                    JsonNode own = e.get("own").get("interval_95");
                    ownCovered += own.get(0).asDouble() <= segment.priceElasticity()
                            && segment.priceElasticity() <= own.get(1).asDouble() ? 1 : 0;
                    double low = e.get("interval_95").get(0).asDouble();
                    double high = e.get("interval_95").get(1).asDouble();
                    covered += low <= segment.priceElasticity() && segment.priceElasticity() <= high ? 1 : 0;
                    cells++;
                }
            }
            assertThat(ownCovered).as("true elasticities inside the segments' 95%% intervals")
                    .isGreaterThanOrEqualTo(cells - 1).isEqualTo(covered);

            JsonNode thin = body(analyst.get("/api/v1/pricing/plans/premium/elasticity?segment=student"));
            JsonNode plan = body(analyst.get("/api/v1/pricing/plans/premium/elasticity"));
            assertThat(thin.get("observations").asInt()).isEqualTo(60);
            assertThat(thin.get("pooled").asBoolean()).isTrue();
            assertThat(thin.path("own").isMissingNode() || thin.get("own").isNull()).isTrue();
            assertThat(thin.get("method").asText()).startsWith("too few observations of its own");
            assertThat(thin.get("elasticity").asDouble()).isEqualTo(plan.get("elasticity").asDouble());
            // Widened by the spread between segments (none when the fitted segments agree within their noise).
            assertThat(width(thin)).isGreaterThanOrEqualTo(width(plan));
            assertThat(plan.get("plan").get("segments_fitted").asInt()).isEqualTo(2);
            assertThat(plan.get("price_range").get(0).asDouble()).isEqualTo(15.99);
            assertThat(plan.get("price_range").get(1).asDouble()).isEqualTo(23.99);

            // Competitor prices: the median per plan, a new snapshot per PUT, bad fields named.
            HttpResponse<String> market = analyst.send("PUT", "/api/v1/pricing/market", """
                    {"observations": [
                      {"plan_id": "basic", "competitor": "A", "price": 7.99, "currency": "USD", "observed_on": "2026-11-20"},
                      {"plan_id": "basic", "competitor": "B", "price": 9.99, "currency": "USD", "observed_on": "2026-11-21"},
                      {"plan_id": "basic", "competitor": "C", "price": 10.49, "currency": "USD", "observed_on": "2026-11-21"},
                      {"plan_id": "premium", "competitor": "A", "price": 18.99, "currency": "USD", "observed_on": "2026-11-20"},
                      {"plan_id": "premium", "competitor": "B", "price": 21.99, "currency": "USD", "observed_on": "2026-11-20"}]}
                    """);
            assertThat(market.statusCode()).as(market.body()).isEqualTo(200);
            JsonNode current = body(analyst.get("/api/v1/pricing/market"));
            List<String> plans = new java.util.ArrayList<>();
            current.get("plans").forEach(p -> plans.add(p.get("plan_id").asText()));
            assertThat(plans).containsExactly("basic", "premium");
            assertThat(current.get("plans").get(0).get("competitors").size()).isEqualTo(3);
            assertThat(current.get("plans").get(0).get("median").asDouble()).isEqualTo(9.99);
            assertThat(current.get("plans").get(1).get("median").asDouble()).isEqualTo(20.49);
            HttpResponse<String> badMarket = analyst.send("PUT", "/api/v1/pricing/market", """
                    {"observations": [
                      {"plan_id": "basic", "competitor": "A", "price": 7.99, "currency": "EUR", "observed_on": "2999-01-01"},
                      {"plan_id": "basic", "competitor": "A", "price": 7.999, "currency": "USD", "observed_on": "2026-11-20"}]}
                    """);
            assertThat(body(badMarket).get("errors").findValuesAsText("path")).containsExactly(
                    "$.observations[0].observed_on", "$.observations[0].currency", "$.observations[1].price",
                    "$.observations[1].competitor");
            assertThat(body(analyst.get("/api/v1/pricing/market")).get("snapshot").asLong())
                    .isEqualTo(current.get("snapshot").asLong());
            assertThat(decider.send("PUT", "/api/v1/pricing/market", "{}").statusCode()).isEqualTo(403);
        }
    }

    static double width(JsonNode estimate) {
        return estimate.get("interval_95").get(1).asDouble() - estimate.get("interval_95").get(0).asDouble();
    }
}
