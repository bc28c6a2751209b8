package com.subdecide.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subdecide.benefits.BehaviourEvent;
import com.subdecide.customers.SubscriptionEvents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * {@code java -jar subscription-decisions.jar generate-subscriptions [customers] [seed] [base-url] [without-usage]}: puts
 * {@link SyntheticSubscribers}' plans and segments in the price book of a running service, then posts the
 * customers' subscription events and their behavioural events (sessions, support contacts) in batches of 1,000, as
 * a client would ({@code without-usage}: subscription events only). The same seed gives the same customers and
 * event ids, so running it twice stores no new events.
 * Signs in as {@code DECISIONS_USER} / {@code DECISIONS_PASSWORD}, the local {@code analyst} otherwise (the price
 * book needs ANALYST).
 */
public final class GenerateSubscriptions {

    private GenerateSubscriptions() {
    }

    public static void main(String[] args) throws Exception {
        int customers = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 11;
        String base = args.length > 2 ? args[2] : System.getenv().getOrDefault("DECISIONS_BASE_URL", "http://localhost:8080");
        boolean withUsage = !(args.length > 3 && args[3].equals("without-usage"));
        String auth = "Basic " + Base64.getEncoder().encodeToString((System.getenv().getOrDefault("DECISIONS_USER", "analyst")
                + ":" + System.getenv().getOrDefault("DECISIONS_PASSWORD", "analyst")).getBytes(StandardCharsets.UTF_8));
        ObjectMapper json = new ObjectMapper();
        HttpClient http = HttpClient.newHttpClient();
        send(http, base + "/api/v1/pricing/plans", auth, "PUT", priceBook(json).toString(), 200);
        List<SyntheticSubscribers.Customer> generated = SyntheticSubscribers.generate(customers, seed, Instant.now());
        List<SubscriptionEvents.Event> subscriptions = new ArrayList<>();
        List<BehaviourEvent> behaviour = new ArrayList<>();
        generated.forEach(c -> {
            subscriptions.addAll(c.events());
            if (withUsage) {
                behaviour.addAll(c.behaviour());
            }
        });
        long[] stored = new long[2];
        for (int from = 0; from < subscriptions.size(); from += 1000) {
            ObjectNode body = json.createObjectNode();
            ArrayNode batch = body.putArray("events");
            for (SubscriptionEvents.Event e : subscriptions.subList(from, Math.min(subscriptions.size(), from + 1000))) {
                ObjectNode node = batch.addObject().put("event_id", e.eventId()).put("customer_id", e.customerId())
                        .put("type", e.type()).put("plan_id", e.planId()).put("segment", e.segment())
                        .put("occurred_at", e.occurredAt().toString());
                if (e.price() != null) {
                    node.put("price", e.price()).put("currency", e.currency());
                }
            }
            JsonNode answer = json.readTree(send(http, base + "/api/v1/subscriptions/events", auth, "POST",
                    body.toString(), 202));
            stored[0] += answer.get("accepted").asLong();
            stored[1] += answer.get("duplicates").asLong();
        }
        long[] usage = new long[2];
        for (int from = 0; from < behaviour.size(); from += 1000) {
            ObjectNode body = json.createObjectNode();
            ArrayNode batch = body.putArray("events");
            for (BehaviourEvent e : behaviour.subList(from, Math.min(behaviour.size(), from + 1000))) {
                ObjectNode node = batch.addObject().put("event_id", e.eventId()).put("user_id", e.userId())
                        .put("type", e.type()).put("occurred_at", e.occurredAt().toString());
                if (e.dwellSeconds() != null) {
                    node.put("dwell_seconds", e.dwellSeconds());
                }
            }
            JsonNode answer = json.readTree(send(http, base + "/api/v1/events", auth, "POST", body.toString(), 202));
            usage[0] += answer.get("accepted").asLong();
            usage[1] += answer.get("duplicates").asLong();
        }
        long active = generated.stream().filter(c -> c.cancelledAt() == null).count();
        System.out.printf("%d customers (seed %d, %d active): %d subscription events accepted, %d duplicates; "
                + "%d behavioural events accepted, %d duplicates%n", customers, seed, active, stored[0], stored[1],
                usage[0], usage[1]);
    }

    /** The generator's plans and segments as a price book. */
    public static ObjectNode priceBook(ObjectMapper json) {
        ObjectNode book = json.createObjectNode();
        ArrayNode plans = book.putArray("plans");
        SyntheticSubscribers.PLANS.forEach(p -> plans.addObject().put("plan_id", p.planId()).put("name", p.name())
                .put("tier_order", p.tierOrder()).put("interval", "MONTH").put("currency", SyntheticSubscribers.CURRENCY)
                .put("price", p.price()));
        ArrayNode segments = book.putArray("segments");
        SyntheticSubscribers.SEGMENTS.forEach(s -> segments.addObject().put("segment", s.segment())
                .put("name", Character.toUpperCase(s.segment().charAt(0)) + s.segment().substring(1)));
        return book;
    }

    /** Sends a JSON body and returns the answer, failing on any other status than {@code expected}. */
    static String send(HttpClient http, String url, String auth, String method, String body, int expected)
            throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").header("Authorization", auth)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + url + ": the service answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }
}
