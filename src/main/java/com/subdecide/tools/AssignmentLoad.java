package com.subdecide.tools;

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
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code java -jar subscription-decisions.jar benchmark-assignments [base-url] [clients] [seconds]}: creates and
 * starts a FEATURE experiment on a running service, then asks for assignments over HTTP from concurrent clients:
 * first new users (each answer stores an exposure), then the same users again (nothing to store).
 */
public final class AssignmentLoad {

    private AssignmentLoad() {
    }

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : System.getenv().getOrDefault("DECISIONS_BASE_URL", "http://localhost:8080");
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String key = "assignment-load-" + System.currentTimeMillis();
        String analyst = basic("analyst", "analyst");
        String definition = """
                {"key": "%s", "type": "FEATURE", "variants": [{"key": "off", "weight": 0.5, "value": false},
                 {"key": "on", "weight": 0.5, "value": true}],
                 "metrics": {"primary": {"name": "orders", "event": "PURCHASE", "aggregate": "COUNT"}}}
                """.formatted(key);
        send(http, HttpRequest.newBuilder(URI.create(base + "/api/v1/experiments")).header("Authorization", analyst)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(definition)).build(), 201);
        send(http, HttpRequest.newBuilder(URI.create(base + "/api/v1/experiments/" + key + "/start"))
                .header("Authorization", analyst).POST(HttpRequest.BodyPublishers.noBody()).build(), 200);
        String decider = basic(System.getenv().getOrDefault("DECISIONS_USER", "decider"),
                System.getenv().getOrDefault("DECISIONS_PASSWORD", "decider"));
        run(base, key, decider, clients, Math.max(3, seconds / 4), "warm-up");
        long[] fresh = run(base, key, decider, clients, seconds, "u");
        System.out.printf(Locale.ROOT, "new users:       %d clients, %d s: %d assignments (%.0f/s), %d other answers%n",
                clients, seconds, fresh[0], fresh[0] / (double) seconds, fresh[1]);
        long[] again = run(base, key, decider, clients, seconds, "u");
        System.out.printf(Locale.ROOT, "returning users: %d clients, %d s: %d assignments (%.0f/s), %d other answers%n",
                clients, seconds, again[0], again[0] / (double) seconds, again[1]);
        long[] batched = batches(http, base, key, decider, clients, seconds);
        System.out.printf(Locale.ROOT, "batches of 100 new users (POST …/assignments): %d clients, %d s: %d assignments "
                + "(%.0f/s), %d other answers%n", clients, seconds, batched[0], batched[0] / (double) seconds, batched[1]);
        send(http, HttpRequest.newBuilder(URI.create(base + "/api/v1/experiments/" + key + "/stop"))
                .header("Authorization", analyst).POST(HttpRequest.BodyPublishers.noBody()).build(), 200);
    }

    /**
     * Each client walks its own users u-<client>-0, 1, 2…; a second run with the same prefix asks for them again.
     * The clients speak HTTP/1.1 over one kept-alive socket each, reading answers by their length or chunks, so that
     * on a shared machine the load costs the service as little CPU as possible.
     */
    private static long[] run(String base, String key, String auth, int clients, int seconds,
            String prefix) throws InterruptedException {
        URI uri = URI.create(base);
        AtomicLong ok = new AtomicLong();
        AtomicLong other = new AtomicLong();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread thread = new Thread(() -> {
                long i = 0;
                while (System.nanoTime() < deadline) {
                    try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
                        socket.setTcpNoDelay(true);
                        java.io.OutputStream out = new java.io.BufferedOutputStream(socket.getOutputStream());
                        java.io.InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
                        while (System.nanoTime() < deadline) {
                            String request = "GET /api/v1/experiments/" + key + "/assignment?user_id=" + prefix + "-"
                                    + client + "-" + i++ + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nAuthorization: "
                                    + auth + "\r\nAccept: application/json\r\n\r\n";
                            out.write(request.getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                            int status = readResponse(in);
                            (status == 200 ? ok : other).incrementAndGet();
                        }
                    } catch (java.io.IOException e) {
                        // The service closes a kept-alive connection after its request limit: open another.
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) {
            t.join();
        }
        return new long[] {ok.get(), other.get()};
    }

    private static long[] batches(HttpClient http, String base, String key, String auth, int clients, int seconds)
            throws InterruptedException {
        AtomicLong ok = new AtomicLong();
        AtomicLong other = new AtomicLong();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread thread = new Thread(() -> {
                long i = 0;
                while (System.nanoTime() < deadline) {
                    StringBuilder body = new StringBuilder("{\"users\": [");
                    for (int u = 0; u < 100; u++) {
                        body.append(u == 0 ? "" : ",").append("{\"user_id\": \"b-").append(client).append('-').append(i++)
                                .append("\"}");
                    }
                    body.append("]}");
                    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/experiments/" + key
                            + "/assignments")).header("Authorization", auth).header("Content-Type", "application/json")
                            .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                            .build();
                    try {
                        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        if (status == 200) {
                            ok.addAndGet(100);
                        } else {
                            other.incrementAndGet();
                        }
                    } catch (Exception e) {
                        other.incrementAndGet();
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) {
            t.join();
        }
        return new long[] {ok.get(), other.get()};
    }

    /** Reads one response (status line, headers, body by Content-Length or chunks); returns its status. */
    private static int readResponse(java.io.InputStream in) throws java.io.IOException {
        String status = line(in);
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(line(in).trim(), 16); size > 0; size = Long.parseLong(line(in).trim(), 16)) {
                skip(in, size);
                line(in);
            }
            line(in);
        } else if (length > 0) {
            skip(in, length);
        }
        return code;
    }

    private static String line(java.io.InputStream in) throws java.io.IOException {
        StringBuilder out = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new java.io.EOFException();
            }
            if (b != '\r') {
                out.append((char) b);
            }
        }
        return out.toString();
    }

    private static void skip(java.io.InputStream in, long n) throws java.io.IOException {
        for (long left = n; left > 0; ) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new java.io.EOFException();
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    private static void send(HttpClient http, HttpRequest request, int expected) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
