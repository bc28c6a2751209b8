package com.subdecide.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code java -jar subscription-decisions.jar benchmark-campaigns [base-url] [users] [events] [clients]}: against a
 * running service, imports {@code users} recipients, launches the shipped {@code welcome} (SUBSCRIBED → EMAIL) and
 * {@code re-engage} (daily sweep → IN_APP) campaigns, posts {@code events} subscription events from
 * {@code clients} concurrent clients (after a warm-up round of 10,000 on other recipients), and times the triggers
 * from the first event sent until every candidate is decided and logged (with its outbox row); then runs the sweep
 * over all users. Run the service with
 * {@code --decisions.campaigns.delivery-enabled=false} to time evaluation alone. Each run uses new recipients, so runs
 * may follow each other on one service.
 */
public final class CampaignLoad {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CampaignLoad() {
    }

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://localhost:8080";
        int users = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int events = args.length > 2 ? Integer.parseInt(args[2]) : 50_000;
        int clients = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        call(http, base, "analyst", "PUT", "/api/v1/pricing/plans", GenerateSubscriptions.priceBook(JSON).toString());
        launch(http, base, "welcome", "ONBOARDING", "SUBSCRIBED", "EMAIL");
        launch(http, base, "re-engage", "RETENTION", "SWEEP", "IN_APP");
        String run = Long.toString(System.currentTimeMillis(), 36);
        long start = System.nanoTime();
        parallel(clients, (users + 999) / 1000, b -> {
            ObjectNode body = JSON.createObjectNode();
            ArrayNode contacts = body.putArray("contacts");
            for (int i = b * 1000; i < Math.min(users, b * 1000 + 1000); i++) {
                ObjectNode c = contacts.addObject().put("user_id", "cl-" + run + "-" + i).put("time_zone",
                        i % 3 == 0 ? "Europe/Berlin" : i % 3 == 1 ? "America/New_York" : "Asia/Tokyo")
                        .put("email", "cl-" + i + "@example.com").put("first_name", "User" + i);
                c.putArray("consents").addObject().put("channel", "EMAIL").put("status", "GRANTED")
                        .put("text_version", "v1").put("source", "benchmark");
            }
            call(http, base, "decider", "POST", "/api/v1/contacts", body.toString());
        });
        System.out.printf(Locale.ROOT, "contacts: %d imported in %.1f s%n", users, seconds(start));
        // A warm-up round on other recipients first (a running service is warm), then the measured one.
        int warmup = Math.min(10_000, Math.max(0, users - events));
        if (warmup > 0) {
            triggers(http, base, run, events, warmup, clients);
        }
        long before = candidates(http, base, "welcome");
        double[] times = triggers(http, base, run, 0, events, clients);
        long decided = candidates(http, base, "welcome") - before;
        JsonNode perf = JSON.readTree(call(http, base, "analyst", "GET", "/api/v1/campaigns/welcome/performance", null));
        System.out.printf(Locale.ROOT, "triggers (after %d warm-up events): %d subscription events accepted in %.1f s "
                + "(%.0f events/s); all %d decided and logged %.1f s after the first was sent: %.0f events/s end to "
                + "end (welcome so far: sent %d, holdout %d, suppressed %s)%n", warmup, events, times[0],
                events / times[0], decided, times[1], decided / times[1], perf.path("sent").asLong(),
                perf.path("holdout").asLong(), perf.path("suppressed"));
        start = System.nanoTime();
        JsonNode sweep = JSON.readTree(call(http, base, "analyst", "POST", "/api/v1/campaigns/sweep", null));
        double swept = seconds(start);
        System.out.printf(Locale.ROOT, "sweep: %d users read, %d candidates %s in %.1f s (%.0f users/s)%n",
                sweep.path("users").asLong(), sweep.path("candidates").asLong(), sweep.path("outcomes"), swept,
                sweep.path("users").asLong() / swept);
    }

    /**
     * Posts SUBSCRIBED events for recipients {@code from} to {@code from + count}; returns the seconds until all were
     * accepted and until the trigger queue was empty again.
     */
    private static double[] triggers(HttpClient http, String base, String run, int from, int count, int clients)
            throws Exception {
        Instant now = Instant.now();
        long start = System.nanoTime();
        parallel(clients, (count + 999) / 1000, b -> {
            ObjectNode body = JSON.createObjectNode();
            ArrayNode list = body.putArray("events");
            for (int i = from + b * 1000; i < Math.min(from + count, from + b * 1000 + 1000); i++) {
                list.addObject().put("event_id", "cl-" + run + "-s" + i).put("customer_id", "cl-" + run + "-" + i)
                        .put("type", "SUBSCRIBED").put("plan_id", i % 2 == 0 ? "basic" : "standard")
                        .put("price", i % 2 == 0 ? 8.99 : 13.99).put("currency", "USD").put("segment", "individual")
                        .put("occurred_at", now.toString());
            }
            call(http, base, "decider", "POST", "/api/v1/subscriptions/events", body.toString());
        });
        double ingest = seconds(start);
        // Polled lightly (the queue's length), so the measurement does not slow what it measures.
        while (JSON.readTree(call(http, base, "analyst", "GET", "/api/v1/campaigns/deliveries", null))
                .path("queued_events").asLong() > 0) {
            Thread.sleep(50);
        }
        return new double[] {ingest, seconds(start)};
    }

    private static void launch(HttpClient http, String base, String key, String type, String event, String channel)
            throws Exception {
        ObjectNode c = JSON.createObjectNode();
        c.put("key", key);
        c.put("type", type);
        c.putObject("trigger").put("event_type", event);
        c.putObject("content").put("subject", "Hello {first_name}").put("body", "Good to see you on {plan}. "
                + "Unsubscribe: {unsubscribe_url}");
        c.putArray("channels").add(channel);
        c.putObject("holdout").put("share", 0.1);
        try {
            call(http, base, "analyst", "POST", "/api/v1/campaigns", c.toString());
            call(http, base, "analyst", "POST", "/api/v1/campaigns/" + key + "/launch", null);
        } catch (IllegalStateException e) {
            if (!e.getMessage().contains(" answered 409")) {
                throw e;
            }
            // A run before this one launched it already.
        }
    }

    private static long candidates(HttpClient http, String base, String key) throws Exception {
        return JSON.readTree(call(http, base, "analyst", "GET", "/api/v1/campaigns/" + key + "/performance", null))
                .path("candidates").asLong();
    }

    interface Batch {
        void run(int index) throws Exception;
    }

    private static void parallel(int clients, int batches, Batch batch) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int b = 0; b < batches; b++) {
                int index = b;
                futures.add(pool.submit(() -> {
                    batch.run(index);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static String call(HttpClient http, String base, String user, String method, String path, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(10))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + user)
                        .getBytes(StandardCharsets.UTF_8)));
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
