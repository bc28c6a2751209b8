package com.subdecide.tools;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code java -jar subscription-decisions.jar benchmark-events [url] [clients] [seconds] [batch]}: posts batches
 * of new events (unique ids, realistic fields) from concurrent clients to a running service and reports stored
 * events per second: behavioural events, or subscription events when the url ends in {@code /subscriptions/events}
 * (on the plans and segments {@code generate-subscriptions} puts in the price book). Signs in as {@code DECISIONS_USER} / {@code DECISIONS_PASSWORD}, the local
 * {@code decider} otherwise.
 */
public final class EventLoad {

    private static final String[] TYPES = {"PAGE_VIEW", "PAGE_VIEW", "PAGE_VIEW", "PURCHASE", "EMAIL_OPEN",
            "EMAIL_CLICK", "AD_CLICK", "WISHLIST_ADD", "REVIEW", "BENEFIT_USED"};
    private static final String[] CATEGORIES = {"books", "electronics", "home", "fashion", "toys", "grocery"};

    private EventLoad() {
    }

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "http://localhost:8080/api/v1/events";
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        String auth = "Basic " + Base64.getEncoder().encodeToString((System.getenv().getOrDefault("DECISIONS_USER", "decider")
                + ":" + System.getenv().getOrDefault("DECISIONS_PASSWORD", "decider")).getBytes(StandardCharsets.UTF_8));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        String run = Long.toString(System.currentTimeMillis(), 36);
        run(http, url, auth, run + "w", clients, Math.max(5, seconds / 3), batch, null);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        long[] counts = run(http, url, auth, run, clients, seconds, batch, latencies);
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "clients %d, batches of %d, %d s: %d events stored (%.0f events/s), %d duplicates, "
                + "%d failed batches; batch latency ms p50 %.1f p99 %.1f%n", clients, batch, seconds, counts[0],
                counts[0] / (double) seconds, counts[1], counts[2], pct(sorted, 50), pct(sorted, 99));
    }

    private static long[] run(HttpClient http, String url, String auth, String run, int clients, int seconds, int batch,
            ConcurrentLinkedQueue<Long> latencies) throws InterruptedException {
        AtomicLong stored = new AtomicLong();
        AtomicLong duplicates = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread thread = new Thread(() -> {
                java.util.Random random = new java.util.Random(client);
                long sequence = 0;
                while (System.nanoTime() < deadline) {
                    String prefix = run + "-" + client + "-" + sequence++;
                    String body = url.endsWith("/subscriptions/events") ? subscriptions(prefix, batch, random)
                            : body(prefix, batch, random);
                    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                            .header("Authorization", auth).timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                    long start = System.nanoTime();
                    try {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 202) {
                            stored.addAndGet(number(response.body(), "accepted"));
                            duplicates.addAndGet(number(response.body(), "duplicates"));
                            if (latencies != null) {
                                latencies.add(System.nanoTime() - start);
                            }
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
        return new long[] {stored.get(), duplicates.get(), failed.get()};
    }

    private static String body(String prefix, int count, java.util.Random random) {
        StringBuilder out = new StringBuilder(count * 220).append("{\"events\":[");
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            String type = TYPES[random.nextInt(TYPES.length)];
            out.append(i == 0 ? "" : ",").append("{\"event_id\":\"").append(prefix).append('-').append(i)
                    .append("\",\"user_id\":\"u-").append(random.nextInt(100_000)).append("\",\"type\":\"").append(type)
                    .append("\",\"occurred_at\":\"").append(now.minusSeconds(random.nextInt(86_400 * 30)))
                    .append("\",\"category\":\"").append(CATEGORIES[random.nextInt(CATEGORIES.length)])
                    .append("\",\"product_id\":\"p-").append(random.nextInt(5_000)).append('"');
            switch (type) {
                case "PURCHASE" -> out.append(",\"amount\":").append(5 + random.nextInt(300)).append('.').append(random.nextInt(10)).append('0');
                case "PAGE_VIEW" -> out.append(",\"dwell_seconds\":").append(1 + random.nextInt(600));
                case "BENEFIT_USED" -> out.append(",\"benefit_id\":\"fast_shipping\"");
                default -> { }
            }
            out.append('}');
        }
        return out.append("]}").toString();
    }

    private static final String[] SUBSCRIPTION_TYPES = {"RENEWED", "RENEWED", "RENEWED", "RENEWED", "SUBSCRIBED",
            "UPGRADED", "DOWNGRADED", "CANCELLED", "PAYMENT_FAILED"};

    private static String subscriptions(String prefix, int count, java.util.Random random) {
        StringBuilder out = new StringBuilder(count * 220).append("{\"events\":[");
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            String type = SUBSCRIPTION_TYPES[random.nextInt(SUBSCRIPTION_TYPES.length)];
            SyntheticSubscribers.PlanTruth plan = SyntheticSubscribers.PLANS.get(random.nextInt(3));
            out.append(i == 0 ? "" : ",").append("{\"event_id\":\"").append(prefix).append('-').append(i)
                    .append("\",\"customer_id\":\"load-").append(random.nextInt(100_000)).append("\",\"type\":\"")
                    .append(type).append("\",\"plan_id\":\"").append(plan.planId()).append("\",\"segment\":\"")
                    .append(SyntheticSubscribers.SEGMENTS.get(random.nextInt(3)).segment())
                    .append("\",\"occurred_at\":\"").append(now.minusSeconds(random.nextInt(86_400 * 30))).append('"');
            if (!type.equals("CANCELLED") && !type.equals("PAYMENT_FAILED")) {
                out.append(",\"price\":").append(plan.price()).append(",\"currency\":\"USD\"");
            }
            out.append('}');
        }
        return out.append("]}").toString();
    }

    private static long number(String json, String field) {
        int at = json.indexOf("\"" + field + "\":");
        if (at < 0) {
            return 0;
        }
        int start = at + field.length() + 3;
        int end = start;
        while (end < json.length() && Character.isDigit(json.charAt(end))) {
            end++;
        }
        return Long.parseLong(json.substring(start, end));
    }

    private static double pct(long[] sorted, int percentile) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, sorted.length * percentile / 100)] / 1e6;
    }
}
