package com.subdecide.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * {@code java -jar subscription-decisions.jar generate-rotation-decisions [months] [seed] [base-url]}: asks a
 * running service for the rotation plans of seeded sample months (8 platforms, 2 bundles, 40 titles each), as a
 * client would, so that its decision log has something for what-if simulations to replay. The same seed gives
 * the same months.
 */
public final class GenerateDecisions {

    /** A small, realistic month: enough choice for a rule change to show, quick to decide. */
    static final SampleMonths.Shape SHAPE = new SampleMonths.Shape(8, 2, 40, 20);

    private GenerateDecisions() {
    }

    public static void main(String[] args) throws Exception {
        int months = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 7;
        String base = args.length > 2 ? args[2] : System.getenv().getOrDefault("DECISIONS_BASE_URL", "http://localhost:8080");
        String auth = "Basic " + Base64.getEncoder().encodeToString((System.getenv().getOrDefault("DECISIONS_USER", "decider")
                + ":" + System.getenv().getOrDefault("DECISIONS_PASSWORD", "decider")).getBytes(StandardCharsets.UTF_8));
        ObjectMapper json = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .addModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        int optimal = 0;
        for (int i = 0; i < months; i++) {
            byte[] body = json.writeValueAsBytes(SampleMonths.create(SHAPE, seed * 1_000_003L + i));
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create(base + "/api/v1/decisions/rotation-plan"))
                    .header("Content-Type", "application/json").header("Authorization", auth)
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the service answered " + response.statusCode() + ": " + response.body());
            }
            if (json.readTree(response.body()).path("explanation").path("optimal").asBoolean()) {
                optimal++;
            }
        }
        System.out.printf("%d rotation decisions (seed %d) logged, %d proven optimal%n", months, seed, optimal);
    }
}
