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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load over HTTP against a running service: concurrent clients post benchmark-shaped rotation requests for a
 * fixed time and report decisions per second and latency. Only for servers on this machine.
 * Run with {@code java -jar target/subscription-decisions.jar benchmark-http [url] [clients] [seconds]}.
 */
public final class HttpLoad {

    private HttpLoad() {
    }

    /** Credentials of a DECIDER: DECISIONS_USER / DECISIONS_PASSWORD, the local default otherwise. */
    private static final String authorization = "Basic " + java.util.Base64.getEncoder().encodeToString(
            (System.getenv().getOrDefault("DECISIONS_USER", "decider") + ":"
                    + System.getenv().getOrDefault("DECISIONS_PASSWORD", "decider"))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "http://localhost:8080/api/v1/decisions/rotation-plan";
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        // Optional month shape: platforms, titles (default: varied full-size months, 25 platforms and 400 titles).
        SampleMonths.Shape shape = args.length > 4
                ? new SampleMonths.Shape(Integer.parseInt(args[3]), Math.max(1, Integer.parseInt(args[3]) / 5),
                        Integer.parseInt(args[4]), 20)
                : null;
        ObjectMapper json = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .addModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            bodies.add(json.writeValueAsBytes(shape == null ? SampleMonths.varied(5_000 + i)
                    : SampleMonths.create(shape, 5_000 + i)));
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        // Warm up the server for a third of the time, then measure.
        run(http, url, bodies, clients, Math.max(5, seconds / 3), null);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        long[] counts = run(http, url, bodies, clients, seconds, latencies);
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(Locale.ROOT,
                "clients %d, %d s: %d answered 200 (%.0f decisions/s), %d other; latency ms p50 %.1f p99 %.1f%n",
                clients, seconds, counts[0], counts[0] / (double) seconds, counts[1],
                pct(sorted, 50), pct(sorted, 99));
    }

    private static long[] run(HttpClient http, String url, List<byte[]> bodies, int clients, int seconds,
            ConcurrentLinkedQueue<Long> latencies) throws InterruptedException {
        AtomicLong ok = new AtomicLong();
        AtomicLong other = new AtomicLong();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int offset = c;
            Thread thread = new Thread(() -> {
                int i = offset;
                while (System.nanoTime() < deadline) {
                    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                            .header("Content-Type", "application/json").header("Authorization", authorization)
                            .timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i++ % bodies.size()))).build();
                    long start = System.nanoTime();
                    try {
                        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        (status == 200 ? ok : other).incrementAndGet();
                        if (latencies != null) {
                            latencies.add((System.nanoTime() - start) / 1000);
                        }
                    } catch (Exception e) {
                        other.incrementAndGet();
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return new long[] {ok.get(), other.get()};
    }

    private static double pct(long[] sorted, int percentile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000.0;
    }
}
