package com.subdecide.benefits.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subdecide.ApiClient;
import com.subdecide.benefits.BehaviourEvents;
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

/** {@code POST /api/v1/events} over real HTTP on the embedded PostgreSQL. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EventIngestionIntegrationTests {

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

    static String batch(String user, int from, int count) {
        List<String> items = new ArrayList<>();
        String[] types = {"PURCHASE", "PAGE_VIEW", "EMAIL_OPEN", "WISHLIST_ADD", "BENEFIT_USED"};
        for (int i = from; i < from + count; i++) {
            String type = types[i % types.length];
            items.add("{\"event_id\": \"" + user + "-" + i + "\", \"user_id\": \"" + user + "\", \"type\": \"" + type
                    + "\", \"occurred_at\": \"" + Instant.now().minusSeconds(i).toString() + "\", \"category\": \"books\""
                    + (type.equals("PURCHASE") ? ", \"amount\": 19.90" : "")
                    + (type.equals("PAGE_VIEW") ? ", \"dwell_seconds\": 42" : "")
                    + (type.equals("BENEFIT_USED") ? ", \"benefit_id\": \"fast_shipping\"" : "") + "}");
        }
        return "{\"events\": [" + String.join(",", items) + "]}";
    }

    @Test
    void aBatchIsStoredOnceEvenWhenRetried() {
        ApiClient decider = ApiClient.as("decider", port);
        String batch = batch("u-events", 0, 1000);
        HttpResponse<String> first = decider.postJson("/api/v1/events", batch);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(body(first).get("accepted").asInt()).isEqualTo(1000);
        assertThat(body(first).get("duplicates").asInt()).isZero();

        HttpResponse<String> retry = decider.postJson("/api/v1/events", batch);
        assertThat(body(retry).get("accepted").asInt()).isZero();
        assertThat(body(retry).get("duplicates").asInt()).isEqualTo(1000);
        assertThat(events.count("u-events")).isEqualTo(1000);

        String repeated = "{\"events\": [" + batch("u-twice", 0, 1).replace("{\"events\": [", "").replace("]}", "")
                + "," + batch("u-twice", 0, 1).replace("{\"events\": [", "").replace("]}", "") + "]}";
        HttpResponse<String> twice = decider.postJson("/api/v1/events", repeated);
        assertThat(body(twice).get("accepted").asInt()).isEqualTo(1);
        assertThat(body(twice).get("duplicates").asInt()).isEqualTo(1);
    }

    @Test
    void aBatchWithAnyBadEventIsRejectedWholeWithEveryBadFieldNamed() {
        ApiClient decider = ApiClient.as("decider", port);
        String bad = """
                {"events": [
                  {"event_id": "ok-1", "user_id": "u-bad", "type": "EMAIL_OPEN", "occurred_at": "2026-01-01T00:00:00Z"},
                  {"event_id": "bad-1", "user_id": "u-bad", "type": "PURCHASE", "occurred_at": "2026-01-01T00:00:00Z", "amount": -3},
                  {"event_id": "bad-2", "user_id": "u-bad", "type": "TELEPATHY", "occurred_at": "yesterday"},
                  {"event_id": "bad-3", "user_id": "u-bad", "type": "BENEFIT_USED", "occurred_at": "2999-01-01T00:00:00Z"},
                  {"user_id": "u-bad", "type": "PAGE_VIEW", "occurred_at": "2026-01-01T00:00:00Z", "dwell_seconds": 1.5}
                ]}
                """;
        HttpResponse<String> refused = decider.postJson("/api/v1/events", bad);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(body(refused).get("errors").findValuesAsText("path")).containsExactlyInAnyOrder(
                "$.events[1].amount", "$.events[2].type", "$.events[2].occurred_at", "$.events[3].occurred_at",
                "$.events[3].benefit_id", "$.events[4].event_id", "$.events[4].dwell_seconds");
        assertThat(events.count("u-bad")).as("nothing of a rejected batch is stored").isZero();

        HttpResponse<String> tooMany = decider.postJson("/api/v1/events", batch("u-many", 0, 1001));
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(ApiClient.anonymous(port).postJson("/api/v1/events", batch("u-anon", 0, 1)).statusCode()).isEqualTo(401);
    }
}
