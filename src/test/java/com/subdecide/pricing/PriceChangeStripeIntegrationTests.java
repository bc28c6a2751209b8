package com.subdecide.pricing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.subdecide.ApiClient;
import com.subdecide.Services;
import com.subdecide.customers.SubscriptionEvents;
import com.subdecide.rules.RuleFolders;
import com.subdecide.tools.GenerateSubscriptions;
import com.subdecide.tools.SyntheticDemand;
import com.subdecide.tools.SyntheticSubscribers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A price change from recommendation to renewal, on its own embedded PostgreSQL with WireMock standing in for
 * Stripe's API: draft with dry run → PRICING experiments → shipped → new Prices and subscription moves sent through
 * the outbox (a 5xx and a timeout retried under the same idempotency keys, a card error failing visibly until an
 * admin retries it, grandfathered subscriptions left until their months are over, nothing sent twice) → the
 * renewal at the new price.
 */
class PriceChangeStripeIntegrationTests {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String PRICE = "{\"id\": \"price_new\", \"object\": \"price\", \"unit_amount\": 999, \"currency\": \"usd\"}";

    static String subscription(String id) {
        return "{\"id\": \"" + id + "\", \"object\": \"subscription\", \"status\": \"active\", \"items\": {\"object\": "
                + "\"list\", \"data\": [{\"id\": \"si_" + id + "\", \"object\": \"subscription_item\"}]}}";
    }

    static String search(String id) {
        return "{\"object\": \"search_result\", \"has_more\": false, \"data\": [" + subscription(id) + "]}";
    }

    @Test
    void draftExperimentShipStripeRenewal(@TempDir Path temp) {
        WireMockServer stripe = new WireMockServer(wireMockConfig().dynamicPort());
        stripe.start();
        try (ConfigurableApplicationContext app = Services.start(temp.resolve("pg"),
                RuleFolders.copyOfShipped(temp.resolve("folders")), "--decisions.billing.stripe.enabled=true",
                "--decisions.billing.stripe.api-key=sk_test_wiremock",
                "--decisions.billing.stripe.api-base=http://localhost:" + stripe.port(),
                "--decisions.billing.stripe.max-network-retries=0",
                "--decisions.billing.stripe.read-timeout-millis=2000",
                "--decisions.billing.stripe.dispatch-millis=3600000",
                "--decisions.billing.outbox.first-retry-seconds=1")) {
            ApiClient analyst = ApiClient.as("analyst", Services.port(app));
            ApiClient admin = ApiClient.as("admin", Services.port(app));
            ApiClient decider = ApiClient.as("decider", Services.port(app));
            assertThat(analyst.send("PUT", "/api/v1/pricing/plans", GenerateSubscriptions.priceBook(JSON).toString())
                    .statusCode()).isEqualTo(200);
            Instant now = Instant.now();
            List<SubscriptionEvents.Event> events = new ArrayList<>();
            SyntheticSubscribers.generate(1500, 21, now).forEach(c -> events.addAll(c.events()));
            SubscriptionEvents subscriptions = app.getBean(SubscriptionEvents.class);
            for (int i = 0; i < events.size(); i += 1000) {
                subscriptions.store(events.subList(i, Math.min(events.size(), i + 1000)));
            }
            List<PriceExposures.Exposure> shown = SyntheticDemand.generate(6000, 21, now);
            PriceExposures exposures = app.getBean(PriceExposures.class);
            for (int i = 0; i < shown.size(); i += 1000) {
                exposures.store(shown.subList(i, Math.min(shown.size(), i + 1000)));
            }

            // Recommendation → draft with its dry run.
            JsonNode recommendation = ApiClient.body(analyst.postJson("/api/v1/pricing/recommendations", "{}"));
            assertThat(recommendation.at("/portfolio/optimal").asBoolean()).isTrue();
            JsonNode draft = ApiClient.body(analyst.postJson("/api/v1/pricing/changes",
                    "{\"recommendation_id\": \"" + recommendation.get("recommendation_id").asText() + "\"}"));
            assertThat(draft.get("status").asText()).isEqualTo("DRAFT");
            String id = draft.get("change_id").asText();
            int cells = draft.get("changes").size();
            JsonNode dry = draft.get("dry_run");
            assertThat(cells).isPositive();
            assertThat(dry.get("affected_subscriptions").asInt()).isEqualTo(dry.get("subscriptions").size()).isPositive();
            for (JsonNode s : dry.get("subscriptions")) {
                assertThat(s.get("effective_from").asText()).isGreaterThanOrEqualTo(s.get("next_renewal").asText());
                if (s.get("grandfathered").asBoolean()) {
                    assertThat(s.get("effective_from").asText()).isGreaterThan(s.get("grandfathered_until").asText());
                }
            }
            assertThat(analyst.postJson("/api/v1/pricing/changes", "{\"recommendation_id\": \"x\"}").statusCode())
                    .isEqualTo(400);

            // Launch as PRICING experiments; only an admin ships.
            JsonNode launched = ApiClient.body(analyst.post("/api/v1/pricing/changes/" + id + "/launch"));
            assertThat(launched.get("status").asText()).isEqualTo("EXPERIMENT");
            assertThat(launched.get("experiments")).hasSize(cells);
            String experiment = launched.get("experiments").get(0).asText();
            assertThat(ApiClient.body(analyst.get("/api/v1/experiments/" + experiment)).get("type").asText())
                    .isEqualTo("PRICING");
            assertThat(analyst.post("/api/v1/pricing/changes/" + id + "/ship").statusCode()).isEqualTo(403);

            // Stripe: the first price creation answers 500, then every one succeeds.
            stripe.stubFor(post(urlPathEqualTo("/v1/prices")).inScenario("prices").whenScenarioStateIs(Scenario.STARTED)
                    .willReturn(aResponse().withStatus(500).withBody("{\"error\": {\"type\": \"api_error\", "
                            + "\"message\": \"try again\"}}")).willSetStateTo("up"));
            stripe.stubFor(post(urlPathEqualTo("/v1/prices")).inScenario("prices").whenScenarioStateIs("up")
                    .willReturn(aResponse().withStatus(200).withBody(PRICE)));
            stripe.stubFor(get(urlPathEqualTo("/v1/subscriptions/search"))
                    .willReturn(aResponse().withStatus(200).withBody(search("sub_ok"))));
            stripe.stubFor(post(urlPathEqualTo("/v1/subscriptions/sub_ok"))
                    .willReturn(aResponse().withStatus(200).withBody(subscription("sub_ok"))));
            List<JsonNode> moved = new ArrayList<>();
            dry.get("subscriptions").forEach(moved::add);
            moved.sort((a, b) -> a.get("effective_from").asText().compareTo(b.get("effective_from").asText()));
            String declined = moved.get(0).get("customer_id").asText();
            String slow = moved.get(1).get("customer_id").asText();
            stripe.stubFor(get(urlPathEqualTo("/v1/subscriptions/search")).withQueryParam("query", containing(declined))
                    .willReturn(aResponse().withStatus(200).withBody(search("sub_card"))));
            stripe.stubFor(post(urlPathEqualTo("/v1/subscriptions/sub_card")).willReturn(aResponse().withStatus(402)
                    .withBody("{\"error\": {\"type\": \"card_error\", \"code\": \"card_declined\", \"message\": "
                            + "\"Your card was declined.\"}}")));
            stripe.stubFor(get(urlPathEqualTo("/v1/subscriptions/search")).withQueryParam("query", containing(slow))
                    .willReturn(aResponse().withStatus(200).withBody(search("sub_slow"))));
            stripe.stubFor(post(urlPathEqualTo("/v1/subscriptions/sub_slow")).inScenario("slow")
                    .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(200).withFixedDelay(6000)
                            .withBody(subscription("sub_slow"))).willSetStateTo("fast"));
            stripe.stubFor(post(urlPathEqualTo("/v1/subscriptions/sub_slow")).inScenario("slow")
                    .whenScenarioStateIs("fast").willReturn(aResponse().withStatus(200).withBody(subscription("sub_slow"))));

            JsonNode shipped = ApiClient.body(admin.post("/api/v1/pricing/changes/" + id + "/ship"));
            assertThat(shipped.get("status").asText()).isEqualTo("APPLIED");
            assertThat(ApiClient.body(analyst.get("/api/v1/experiments/" + experiment)).get("status").asText())
                    .isEqualTo("SHIPPED");
            assertThat(shipped.at("/billing/provider").asText()).isEqualTo("stripe");
            assertThat(shipped.at("/billing/pending").asInt()).isEqualTo(cells + moved.size());
            assertThat(shipped.get("audit").findValuesAsText("action")).containsExactly("DRAFTED", "LAUNCHED", "SHIPPED");

            // Today: the prices are created (the 500 retried under its key); no subscription's renewal is due yet
            // unless it is within a day, so grandfathered ones are certainly left.
            StripeBilling billing = app.getBean(StripeBilling.class);
            billing.dispatch(Instant.now(), 10_000);
            billing.dispatch(Instant.now().plusSeconds(5), 10_000);
            List<LoggedRequest> prices = stripe.findAll(postRequestedFor(urlPathEqualTo("/v1/prices")));
            assertThat(prices).hasSize(cells + 1);
            Set<String> keys = new HashSet<>();
            prices.forEach(r -> keys.add(r.getHeader("Idempotency-Key")));
            assertThat(keys).hasSize(cells);
            for (JsonNode s : moved) {
                if (s.get("grandfathered").asBoolean()) {
                    assertThat(stripe.findAll(getRequestedFor(urlPathEqualTo("/v1/subscriptions/search"))
                            .withQueryParam("query", containing(s.get("customer_id").asText() + "'")))).isEmpty();
                }
            }

            // Past every renewal the change reaches: every subscription moved, the timeout retried, the card error
            // failed and visible.
            Instant later = Instant.now().plus(Duration.ofDays(400));
            billing.dispatch(later, 100_000);
            billing.dispatch(later.plusSeconds(5), 100_000);
            JsonNode after = ApiClient.body(analyst.get("/api/v1/pricing/changes/" + id));
            assertThat(after.at("/billing/failed").asInt()).isEqualTo(1);
            assertThat(after.at("/billing/pending").asInt()).isZero();
            assertThat(after.at("/billing/done").asInt()).isEqualTo(cells + moved.size() - 1);
            JsonNode failure = after.at("/billing/failures/0");
            assertThat(failure.get("code").asText()).isEqualTo("billing_integration_failure");
            assertThat(failure.get("error").asText()).contains("card_declined").contains("declined");
            assertThat(failure.get("idempotency_key").asText()).endsWith(declined);
            // The timed-out update is sent again under its key (again if a loaded machine also times out the retry).
            List<LoggedRequest> slowCalls = stripe.findAll(postRequestedFor(urlPathEqualTo("/v1/subscriptions/sub_slow")));
            assertThat(slowCalls).hasSizeGreaterThanOrEqualTo(2);
            assertThat(slowCalls).extracting(r -> r.getHeader("Idempotency-Key")).containsOnly(
                    slowCalls.get(0).getHeader("Idempotency-Key"));
            LoggedRequest update = stripe.findAll(postRequestedFor(urlPathEqualTo("/v1/subscriptions/sub_ok"))).get(0);
            assertThat(update.getBodyAsString()).contains("proration_behavior=none").contains("price_new");

            // Nothing is sent twice.
            int sent = stripe.getAllServeEvents().size();
            billing.dispatch(later.plusSeconds(60), 100_000);
            assertThat(stripe.getAllServeEvents()).hasSize(sent);

            // Once the card is fixed, an admin retries the failure under the same key.
            stripe.stubFor(post(urlPathEqualTo("/v1/subscriptions/sub_card"))
                    .willReturn(aResponse().withStatus(200).withBody(subscription("sub_card"))));
            assertThat(analyst.post("/api/v1/pricing/billing/retry").statusCode()).isEqualTo(403);
            assertThat(ApiClient.body(admin.post("/api/v1/pricing/billing/retry")).get("requeued").asInt()).isEqualTo(1);
            billing.dispatch(Instant.now().plusSeconds(1), 100);
            JsonNode settled = ApiClient.body(analyst.get("/api/v1/pricing/billing"));
            assertThat(settled.get("failed").asInt()).isZero();
            assertThat(settled.get("done").asInt()).isEqualTo(cells + moved.size());

            // The renewal: the customer renews at the new price, and the service reads that price for them.
            JsonNode first = moved.get(moved.size() - 1);
            String customer = first.get("customer_id").asText();
            String renewal = "{\"events\": [{\"event_id\": \"renewal-" + customer + "\", \"customer_id\": \"" + customer
                    + "\", \"type\": \"RENEWED\", \"plan_id\": \"" + first.get("plan_id").asText() + "\", \"segment\": \""
                    + first.get("segment").asText() + "\", \"price\": " + first.get("new_price").asText()
                    + ", \"currency\": \"USD\", \"occurred_at\": \"" + Instant.now().minusSeconds(60) + "\"}]}";
            assertThat(decider.postJson("/api/v1/subscriptions/events", renewal).statusCode()).isEqualTo(202);
            JsonNode value = ApiClient.body(decider.get("/api/v1/customers/" + customer + "/ltv"));
            assertThat(value.get("monthly_price").decimalValue()).isEqualByComparingTo(first.get("new_price").decimalValue());

            // The live price of the plan and segment is the new one: a new recommendation starts there.
            JsonNode again = ApiClient.body(analyst.postJson("/api/v1/pricing/recommendations", "{}"));
            JsonNode changed = draft.get("changes").get(0);
            for (JsonNode r : again.get("recommendations")) {
                if (r.get("plan_id").asText().equals(changed.get("plan_id").asText())
                        && r.get("segment").asText().equals(changed.get("segment").asText())) {
                    assertThat(r.get("current_price").decimalValue()).isEqualByComparingTo(changed.get("to").decimalValue());
                }
            }
        } finally {
            stripe.stop();
        }
    }
}
