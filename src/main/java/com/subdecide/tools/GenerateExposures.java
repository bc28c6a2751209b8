package com.subdecide.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subdecide.pricing.PriceExposures;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * {@code java -jar subscription-decisions.jar generate-price-exposures [per-plan] [seed] [base-url]}: puts
 * {@link SyntheticSubscribers}' plans and segments in the price book, then posts {@link SyntheticDemand}'s
 * exposures (known elasticities) in batches of 1,000. The same seed gives the same exposure ids, so running it
 * twice stores nothing new. Signs in as {@code DECISIONS_USER} / {@code DECISIONS_PASSWORD}, the local
 * {@code analyst} otherwise.
 */
public final class GenerateExposures {

    private GenerateExposures() {
    }

    public static void main(String[] args) throws Exception {
        int perPlan = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 11;
        String base = args.length > 2 ? args[2] : System.getenv().getOrDefault("DECISIONS_BASE_URL", "http://localhost:8080");
        String auth = "Basic " + Base64.getEncoder().encodeToString((System.getenv().getOrDefault("DECISIONS_USER", "analyst")
                + ":" + System.getenv().getOrDefault("DECISIONS_PASSWORD", "analyst")).getBytes(StandardCharsets.UTF_8));
        ObjectMapper json = new ObjectMapper();
        HttpClient http = HttpClient.newHttpClient();
        GenerateSubscriptions.send(http, base + "/api/v1/pricing/plans", auth, "PUT", GenerateSubscriptions.priceBook(json).toString(), 200);
        List<PriceExposures.Exposure> exposures = SyntheticDemand.generate(perPlan, seed, Instant.now());
        long accepted = 0;
        long duplicates = 0;
        long converted = exposures.stream().filter(PriceExposures.Exposure::converted).count();
        for (int from = 0; from < exposures.size(); from += 1000) {
            ObjectNode body = json.createObjectNode();
            ArrayNode batch = body.putArray("exposures");
            for (PriceExposures.Exposure e : exposures.subList(from, Math.min(exposures.size(), from + 1000))) {
                batch.addObject().put("exposure_id", e.exposureId()).put("visitor_id", e.subjectId())
                        .put("plan_id", e.planId()).put("segment", e.segment()).put("price", e.price())
                        .put("currency", e.currency()).put("shown_at", e.shownAt().toString())
                        .put("converted", e.converted());
            }
            JsonNode answer = json.readTree(GenerateSubscriptions.send(http, base + "/api/v1/pricing/exposures", auth, "POST",
                    body.toString(), 202));
            accepted += answer.get("accepted").asLong();
            duplicates += answer.get("duplicates").asLong();
        }
        System.out.printf("%d exposures (seed %d, %d converted): %d accepted, %d duplicates%n", exposures.size(), seed,
                converted, accepted, duplicates);
    }
}
