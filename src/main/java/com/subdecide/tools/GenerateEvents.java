package com.subdecide.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subdecide.benefits.BehaviourEvent;
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
 * {@code java -jar subscription-decisions.jar generate-benefit-events [users] [seed] [base-url]}: posts the
 * events of {@link SyntheticPopulation}'s shoppers to a running service, in batches of 1,000, as a client would.
 * The same seed gives the same users and event ids, so running it twice stores nothing new. It then registers
 * the users as members ({@code POST /api/v1/members}): half SILVER, three in ten GOLD, two in ten BRONZE.
 */
public final class GenerateEvents {

    private GenerateEvents() {
    }

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 42;
        String base = args.length > 2 ? args[2] : System.getenv().getOrDefault("DECISIONS_BASE_URL", "http://localhost:8080");
        String auth = "Basic " + Base64.getEncoder().encodeToString((System.getenv().getOrDefault("DECISIONS_USER", "decider")
                + ":" + System.getenv().getOrDefault("DECISIONS_PASSWORD", "decider")).getBytes(StandardCharsets.UTF_8));
        ObjectMapper json = new ObjectMapper();
        List<BehaviourEvent> events = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        SyntheticPopulation.generate(users, seed, Instant.now(), u -> {
            events.addAll(u.events());
            ids.add(u.userId());
        });
        HttpClient http = HttpClient.newHttpClient();
        long accepted = 0;
        long duplicates = 0;
        for (int from = 0; from < events.size(); from += 1000) {
            ObjectNode body = json.createObjectNode();
            ArrayNode batch = body.putArray("events");
            for (BehaviourEvent e : events.subList(from, Math.min(events.size(), from + 1000))) {
                ObjectNode node = batch.addObject().put("event_id", e.eventId()).put("user_id", e.userId())
                        .put("type", e.type()).put("occurred_at", e.occurredAt().toString());
                if (e.category() != null) {
                    node.put("category", e.category());
                }
                if (e.amount() != null) {
                    node.put("amount", e.amount());
                }
                if (e.dwellSeconds() != null) {
                    node.put("dwell_seconds", e.dwellSeconds());
                }
                if (e.benefitId() != null) {
                    node.put("benefit_id", e.benefitId());
                }
            }
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/events"))
                    .header("Content-Type", "application/json").header("Authorization", auth)
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 202) {
                throw new IllegalStateException("the service answered " + response.statusCode() + ": " + response.body());
            }
            accepted += json.readTree(response.body()).get("accepted").asLong();
            duplicates += json.readTree(response.body()).get("duplicates").asLong();
        }
        String members = "";
        for (int from = 0; from < ids.size(); from += 10_000) {
            ObjectNode body = json.createObjectNode();
            ArrayNode batch = body.putArray("members");
            for (int i = from; i < Math.min(ids.size(), from + 10_000); i++) {
                batch.addObject().put("user_id", ids.get(i)).put("tier", i % 10 < 5 ? "SILVER" : i % 10 < 8 ? "GOLD" : "BRONZE");
            }
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/members"))
                    .header("Content-Type", "application/json").header("Authorization", auth)
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the service answered " + response.statusCode() + ": " + response.body());
            }
            members = json.readTree(response.body()).get("members_by_tier").toString();
        }
        System.out.printf("%d users (seed %d): %d events accepted, %d duplicates; members by tier %s%n", users, seed,
                accepted, duplicates, members);
    }
}
