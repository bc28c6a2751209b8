package com.subdecide.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;

/**
 * {@code java -jar subscription-decisions.jar benchmark-reload <base-url> <tables-dir> [edits]}: edits a cell of
 * {@code tier-quality.drl.xlsx} in the folder a running service watches, as an analyst would, and measures edit
 * to live (until {@code /api/v1/rulesets/active} shows the new version). Every 100 edits it reads the service's
 * Metaspace and loaded-class count from Actuator, to show whether old versions are unloaded.
 * Credentials: {@code DECISIONS_USER} / {@code DECISIONS_PASSWORD} (an ANALYST), the local default otherwise.
 */
public final class ReloadBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReloadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://localhost:8080";
        Path table = Path.of(args.length > 1 ? args[1] : "decision-tables").resolve("tier-quality.drl.xlsx");
        int edits = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        String auth = "Basic " + Base64.getEncoder().encodeToString((System.getenv().getOrDefault("DECISIONS_USER", "analyst")
                + ":" + System.getenv().getOrDefault("DECISIONS_PASSWORD", "analyst")).getBytes(StandardCharsets.UTF_8));
        HttpClient http = HttpClient.newHttpClient();
        byte[] original = Files.readAllBytes(table);
        long[] millis = new long[edits];
        System.out.printf(Locale.ROOT, "%6s %14s %16s %16s%n", "edits", "metaspace MiB", "classes loaded", "classes unloaded");
        memory(http, base, auth, 0);
        try {
            for (int i = 0; i < edits; i++) {
                String before = active(http, base, auth);
                long start = System.nanoTime();
                // A distinct value each time, so each edit is a new version: 0.9000, 0.9001, ...
                setQuality(table, 0.9 + (i % 1000) / 10_000.0 + (i / 1000) / 1_000_000.0);
                String now = before;
                while (now.equals(before)) {
                    if (System.nanoTime() - start > 30_000_000_000L) {
                        throw new IllegalStateException("edit " + i + " did not go live within 30 s");
                    }
                    Thread.sleep(5);
                    now = active(http, base, auth);
                }
                millis[i] = (System.nanoTime() - start) / 1_000_000;
                if ((i + 1) % 100 == 0) {
                    memory(http, base, auth, i + 1);
                }
            }
        } finally {
            Files.write(table, original);
        }
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%d edits: edit to live ms p50 %d, p90 %d, p99 %d, max %d%n", edits,
                sorted[edits / 2], sorted[(int) (edits * 0.9)], sorted[Math.min(edits - 1, (int) (edits * 0.99))],
                sorted[edits - 1]);
    }

    private static void setQuality(Path table, double value) throws IOException {
        Workbook workbook;
        try (InputStream in = Files.newInputStream(table)) {
            workbook = WorkbookFactory.create(in);
        }
        Sheet sheet = workbook.getSheet("TierQuality");
        sheet.getRow(10).getCell(2).setCellValue(value);
        Path temp = table.resolveSibling("." + table.getFileName() + ".saving");
        try (OutputStream out = Files.newOutputStream(temp)) {
            workbook.write(out);
        }
        workbook.close();
        Files.move(temp, table, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static String active(HttpClient http, String base, String auth) throws IOException, InterruptedException {
        return get(http, base + "/api/v1/rulesets/active", auth).get("version").asText();
    }

    private static void memory(HttpClient http, String base, String auth, int edits) throws IOException, InterruptedException {
        double metaspace = get(http, base + "/actuator/metrics/jvm.memory.used?tag=id:Metaspace", auth)
                .at("/measurements/0/value").asDouble() / (1024 * 1024);
        double loaded = get(http, base + "/actuator/metrics/jvm.classes.loaded", auth).at("/measurements/0/value").asDouble();
        double unloaded = get(http, base + "/actuator/metrics/jvm.classes.unloaded", auth).at("/measurements/0/value").asDouble();
        System.out.printf(Locale.ROOT, "%6d %14.1f %16.0f %16.0f%n", edits, metaspace, loaded, unloaded);
    }

    private static JsonNode get(HttpClient http, String url, String auth) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
