package com.subdecide.customers.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.subdecide.ApiClient;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Subscription histories over real HTTP on the embedded PostgreSQL, and the MRR they imply, worked by hand. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SubscriptionsIntegrationTests {

    static final String HISTORY = """
            {"events": [
              {"event_id": "s-1", "customer_id": "c1", "type": "SUBSCRIBED", "plan_id": "basic", "price": 10.00,
               "currency": "USD", "segment": "A", "occurred_at": "2026-01-10T09:00:00Z"},
              {"event_id": "s-2", "customer_id": "c1", "type": "UPGRADED", "plan_id": "pro", "price": 20.00,
               "currency": "USD", "segment": "A", "occurred_at": "2026-03-05T09:00:00Z"},
              {"event_id": "s-3", "customer_id": "c1", "type": "CANCELLED", "plan_id": "pro", "segment": "A",
               "occurred_at": "2026-05-20T09:00:00Z"},
              {"event_id": "s-4", "customer_id": "c2", "type": "SUBSCRIBED", "plan_id": "basic", "price": 10.00,
               "currency": "USD", "segment": "B", "occurred_at": "2026-02-01T00:00:00Z"},
              {"event_id": "s-5", "customer_id": "c2", "type": "RENEWED", "plan_id": "basic", "price": 10.00,
               "currency": "USD", "segment": "B", "occurred_at": "2026-03-01T00:00:00Z"},
              {"event_id": "s-6", "customer_id": "c2", "type": "PAYMENT_FAILED", "plan_id": "basic", "segment": "B",
               "occurred_at": "2026-04-01T00:00:00Z"},
              {"event_id": "s-7", "customer_id": "c3", "type": "SUBSCRIBED", "plan_id": "basic", "price": 12.50,
               "currency": "USD", "segment": "A", "occurred_at": "2026-01-31T23:00:00Z"}
            ]}
            """;

    @LocalServerPort
    int port;

    JsonNode body(HttpResponse<String> response) {
        return ApiClient.body(response);
    }

    static final String BOOK = """
            {"plans": [
               {"plan_id": "basic", "name": "Basic", "tier_order": 1, "currency": "USD", "price": 10.00},
               {"plan_id": "pro", "name": "Pro", "tier_order": 2, "currency": "USD", "price": 20.00},
               {"plan_id": "pro-yearly", "name": "Pro, yearly", "tier_order": 2, "interval": "YEAR", "currency": "USD",
                "price": 200.00},
               {"plan_id": "basic-eur", "name": "Basic", "tier_order": 1, "currency": "EUR", "price": 9.00}],
             "segments": [{"segment": "A", "name": "Segment A"}, {"segment": "B"}]}
            """;

    @org.junit.jupiter.api.BeforeEach
    void priceBook() {
        HttpResponse<String> put = ApiClient.as("analyst", port).send("PUT", "/api/v1/pricing/plans", BOOK);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    }

    @Test
    void thePriceBookIsReplacedWholeAndEventsMustNameItsPlansAndSegments() {
        JsonNode book = body(ApiClient.as("analyst", port).get("/api/v1/pricing/plans"));
        assertThat(book.get("plans").findValuesAsText("plan_id")).containsExactly("basic", "pro", "pro-yearly",
                "basic-eur");
        assertThat(book.get("segments").findValuesAsText("segment")).containsExactly("A", "B");
        assertThat(book.get("plans").get(0).get("interval").asText()).isEqualTo("MONTH");
        assertThat(book.get("put_by").asText()).isEqualTo("analyst");

        HttpResponse<String> badBook = ApiClient.as("analyst", port).send("PUT", "/api/v1/pricing/plans", """
                {"plans": [{"plan_id": "x", "name": "X", "tier_order": 0, "interval": "WEEK", "currency": "usd",
                            "price": -1},
                           {"plan_id": "x", "tier_order": 1, "currency": "USD", "price": 5},
                           {"plan_id": "no spaces", "name": "Y", "currency": "USD", "price": 5}],
                 "segments": [{"segment": "A"}, {"segment": "A"}]}
                """);
        assertThat(badBook.statusCode()).isEqualTo(400);
        assertThat(body(badBook).get("errors").findValuesAsText("path")).containsExactly("$.plans[0].tier_order",
                "$.plans[0].interval", "$.plans[0].currency", "$.plans[0].price", "$.plans[1].plan_id",
                "$.plans[1].name", "$.plans[2].plan_id", "$.plans[2].tier_order", "$.segments[1].segment");
        assertThat(ApiClient.as("decider", port).send("PUT", "/api/v1/pricing/plans", BOOK).statusCode()).isEqualTo(403);
        // The refused book did not replace the good one.
        assertThat(body(ApiClient.as("analyst", port).get("/api/v1/pricing/plans")).get("version").asLong())
                .isEqualTo(book.get("version").asLong());

        HttpResponse<String> unknown = ApiClient.as("decider", port).postJson("/api/v1/subscriptions/events", """
                {"events": [
                  {"event_id": "u-1", "customer_id": "c8", "type": "SUBSCRIBED", "plan_id": "gold", "price": 10.00,
                   "currency": "USD", "segment": "A", "occurred_at": "2026-01-10T09:00:00Z"},
                  {"event_id": "u-2", "customer_id": "c8", "type": "SUBSCRIBED", "plan_id": "basic-eur", "price": 9.00,
                   "currency": "USD", "segment": "Z", "occurred_at": "2026-01-10T09:00:00Z"}]}
                """);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(body(unknown).get("errors").findValuesAsText("code")).containsExactly("unknown_plan",
                "currency_mismatch", "unknown_segment");
        assertThat(body(unknown).get("errors").findValuesAsText("path")).containsExactly("$.events[0].plan_id",
                "$.events[1].currency", "$.events[1].segment");
    }

    @Test
    void aHistoryIsStoredOnceAndItsRecurringRevenueIsWhatItImplies() {
        ApiClient decider = ApiClient.as("decider", port);
        HttpResponse<String> stored = decider.postJson("/api/v1/subscriptions/events", HISTORY);
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(202);
        assertThat(body(stored).get("accepted").asInt()).isEqualTo(7);
        JsonNode again = body(decider.postJson("/api/v1/subscriptions/events", HISTORY));
        assertThat(again.get("accepted").asInt()).isZero();
        assertThat(again.get("duplicates").asInt()).isEqualTo(7);

        JsonNode all = body(ApiClient.as("analyst", port).get("/api/v1/analytics/mrr?from=2026-01&to=2026-06"));
        // Worked by hand: c1 10 (20 from March, gone after May 20), c2 10 from February, c3 12.50 from January 31.
        assertThat(all.get("months").findValuesAsText("month"))
                .containsExactly("2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06");
        assertThat(all.get("months").findValues("mrr")).extracting(JsonNode::decimalValue).extracting(Object::toString)
                .containsExactly("22.5", "32.5", "42.5", "42.5", "22.5", "22.5");
        assertThat(all.get("months").findValues("active_customers")).extracting(JsonNode::asInt)
                .containsExactly(2, 3, 3, 3, 2, 2);
        assertThat(all.get("months").findValues("new_customers")).extracting(JsonNode::asInt)
                .containsExactly(2, 1, 0, 0, 0, 0);
        assertThat(all.get("months").findValues("cancelled")).extracting(JsonNode::asInt)
                .containsExactly(0, 0, 0, 0, 1, 0);
        JsonNode a = body(ApiClient.as("analyst", port).get("/api/v1/analytics/mrr?from=2026-01&to=2026-06&segment=A"));
        assertThat(a.get("months").findValues("mrr")).extracting(JsonNode::decimalValue).extracting(Object::toString)
                .containsExactly("22.5", "22.5", "32.5", "32.5", "12.5", "12.5");
    }

    @Test
    void aBatchWithMistakesIsRefusedWholeNamingEachField() {
        HttpResponse<String> bad = ApiClient.as("decider", port).postJson("/api/v1/subscriptions/events", """
                {"events": [
                  {"event_id": "b-1", "customer_id": "c9", "type": "SUBSCRIBED", "plan_id": "basic",
                   "occurred_at": "2026-01-10T09:00:00Z"},
                  {"event_id": "b-2", "customer_id": "c9", "type": "PAUSED", "plan_id": "basic", "price": 10.001,
                   "currency": "usd", "occurred_at": "yesterday"},
                  {"customer_id": "c9", "type": "CANCELLED", "plan_id": "basic", "occurred_at": "2999-01-01T00:00:00Z"},
                  7
                ]}
                """);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(body(bad).get("errors").findValuesAsText("path")).containsExactly("$.events[0].price",
                "$.events[0].currency", "$.events[1].type", "$.events[1].price", "$.events[1].currency",
                "$.events[1].occurred_at", "$.events[2].event_id", "$.events[2].occurred_at", "$.events[3]");
        assertThat(ApiClient.as("analyst", port).get("/api/v1/analytics/mrr?from=2026-01&to=2026-06&segment=zz")
                .statusCode()).isEqualTo(200);
        JsonNode query = body(ApiClient.as("analyst", port).get("/api/v1/analytics/mrr?from=2026-13&to=2025-01&currency=usd"));
        assertThat(query.get("errors").findValuesAsText("path")).containsExactly("from", "currency");
        assertThat(ApiClient.as("analyst", port).get("/api/v1/analytics/mrr?from=2026-05&to=2026-01").statusCode())
                .isEqualTo(400);
        assertThat(ApiClient.as("decider", port).get("/api/v1/analytics/mrr?from=2026-01&to=2026-02").statusCode())
                .isEqualTo(403);
    }
}
