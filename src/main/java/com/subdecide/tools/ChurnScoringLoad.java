package com.subdecide.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code java -jar subscription-decisions.jar benchmark-churn-scoring [base-url] [clients] [seconds] [customers]
 * [seed]}: on a service holding {@code generate-subscriptions customers seed} with a trained churn model, scores
 * the subscribed customers over HTTP, one {@code GET /api/v1/customers/{id}/churn-risk} per customer and then in
 * batches of 1,000 ({@code POST /api/v1/customers/churn-risk}), from concurrent clients; reports customers scored
 * per second and request latency. Signs in as {@code DECISIONS_USER} / {@code DECISIONS_PASSWORD}, the local
 * {@code decider} otherwise.
 */
public final class ChurnScoringLoad {

    private ChurnScoringLoad() {
    }

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://localhost:8080";
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int customers = args.length > 3 ? Integer.parseInt(args[3]) : 2000;
        long seed = args.length > 4 ? Long.parseLong(args[4]) : 11;
        String auth = "Basic " + Base64.getEncoder().encodeToString((System.getenv().getOrDefault("DECISIONS_USER", "decider")
                + ":" + System.getenv().getOrDefault("DECISIONS_PASSWORD", "decider")).getBytes(StandardCharsets.UTF_8));
        ObjectMapper json = new ObjectMapper();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        List<String> subscribed = new ArrayList<>();
        for (int from = 0; from < customers; from += 1000) {
            List<String> ids = new ArrayList<>();
            for (int i = from; i < Math.min(customers, from + 1000); i++) {
                ids.add("s" + seed + "-c" + i);
            }
            JsonNode answer = json.readTree(http.send(batch(base, auth, json, ids), HttpResponse.BodyHandlers.ofString())
                    .body());
            if (!answer.has("risks")) {
                throw new IllegalStateException("the service answered " + answer);
            }
            answer.get("risks").forEach(r -> subscribed.add(r.get("customer_id").asText()));
        }
        if (subscribed.isEmpty()) {
            throw new IllegalStateException("no subscribed customers of seed " + seed + ": run generate-subscriptions");
        }
        List<List<String>> batches = new ArrayList<>();
        for (int from = 0; from < subscribed.size(); from += 1000) {
            batches.add(subscribed.subList(from, Math.min(subscribed.size(), from + 1000)));
        }
        run(clients, Math.max(5, seconds / 3), i -> single(base, auth, subscribed.get(i % subscribed.size())), http,
                i -> 1, new ConcurrentLinkedQueue<>());
        ConcurrentLinkedQueue<Long> singles = new ConcurrentLinkedQueue<>();
        long[] one = run(clients, seconds, i -> single(base, auth, subscribed.get(i % subscribed.size())), http,
                i -> 1, singles);
        ConcurrentLinkedQueue<Long> batched = new ConcurrentLinkedQueue<>();
        long[] many = run(clients, seconds, i -> batch(base, auth, json, batches.get(i % batches.size())), http,
                i -> batches.get(i % batches.size()).size(), batched);
        System.out.printf(Locale.ROOT, "%d subscribed customers, %d clients, %d s each:%n", subscribed.size(), clients,
                seconds);
        print("one GET per customer", one, singles, seconds);
        print("batches of up to 1,000", many, batched, seconds);
    }

    private static void print(String what, long[] counts, ConcurrentLinkedQueue<Long> latencies, int seconds) {
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "  %-24s %8.0f customers/s (%d requests, %d failed), request ms p50 %.1f p99 %.1f%n",
                what, counts[0] / (double) seconds, counts[1], counts[2], pct(sorted, 50), pct(sorted, 99));
    }

    private static HttpRequest single(String base, String auth, String id) {
        return HttpRequest.newBuilder(URI.create(base + "/api/v1/customers/" + id + "/churn-risk"))
                .header("Authorization", auth).timeout(Duration.ofSeconds(30)).GET().build();
    }

    private static HttpRequest batch(String base, String auth, ObjectMapper json, List<String> ids) {
        try {
            String body = json.writeValueAsString(java.util.Map.of("customer_ids", ids));
            return HttpRequest.newBuilder(URI.create(base + "/api/v1/customers/churn-risk"))
                    .header("Authorization", auth).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Customers scored, requests and failures; request i scores {@code customers.applyAsInt(i)} customers. */
    private static long[] run(int clients, int seconds, java.util.function.IntFunction<HttpRequest> request,
            HttpClient http, java.util.function.IntUnaryOperator customers, ConcurrentLinkedQueue<Long> latencies)
            throws InterruptedException {
        AtomicLong scored = new AtomicLong();
        AtomicLong requests = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong next = new AtomicLong();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread thread = new Thread(() -> {
                while (System.nanoTime() < deadline) {
                    int i = (int) next.getAndIncrement();
                    long start = System.nanoTime();
                    try {
                        HttpResponse<String> response = http.send(request.apply(i), HttpResponse.BodyHandlers.ofString());
                        requests.incrementAndGet();
                        if (response.statusCode() == 200) {
                            scored.addAndGet(customers.applyAsInt(i));
                            latencies.add(System.nanoTime() - start);
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return new long[] {scored.get(), requests.get(), failed.get()};
    }

    private static double pct(long[] sorted, int percentile) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, sorted.length * percentile / 100)] / 1e6;
    }
}
