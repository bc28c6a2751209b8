package com.subdecide.rules.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subdecide.ApiClient;
import com.subdecide.rules.RuleFolders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The analysts' loop over real HTTP on the embedded PostgreSQL, on a private copy of the rule folders that the
 * service watches: hot reload, broken edits, validation, drafts, what-if, promotion, rollback, replay, roles.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RuleSetLifecycleIntegrationTests {

    static final Path ROOT = temp();
    static final RuleFolders FOLDERS = RuleFolders.copyOfShipped(ROOT);
    static final String EXAMPLE = read(Path.of("docs/examples/rotation-plan-request.json"));

    @DynamicPropertySource
    static void folders(DynamicPropertyRegistry registry) {
        registry.add("decisions.rules.rules-dir", () -> FOLDERS.path("rules").toString());
        registry.add("decisions.rules.tables-dir", () -> FOLDERS.path("decision-tables").toString());
        registry.add("decisions.rules.solver-dir", () -> FOLDERS.path("solver-config").toString());
        registry.add("decisions.rules.watch", () -> "true");
        registry.add("decisions.rules.write-back", () -> "true");
    }

    @LocalServerPort
    int port;
    @Autowired
    ObjectMapper json;

    ApiClient decider() {
        return ApiClient.as("decider", port);
    }

    ApiClient analyst() {
        return ApiClient.as("analyst", port);
    }

    ApiClient admin() {
        return ApiClient.as("admin", port);
    }

    JsonNode body(HttpResponse<String> response) {
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String liveVersion() {
        return body(analyst().get("/api/v1/rulesets/active")).get("version").asText();
    }

    JsonNode waitForActive(Predicate<JsonNode> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode active = body(analyst().get("/api/v1/rulesets/active"));
        while (!condition.test(active) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            active = body(analyst().get("/api/v1/rulesets/active"));
        }
        assertThat(condition.test(active)).as("rule set state reached: %s", active).isTrue();
        return active;
    }

    JsonNode decide() {
        HttpResponse<String> response = decider().postJson("/api/v1/decisions/rotation-plan", EXAMPLE);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return body(response);
    }

    @Test
    void anEditInTheFoldersGoesLiveAndIsRecordedWithItsFiles() throws Exception {
        String before = liveVersion();
        FOLDERS.setCell("decision-tables/emphasis.drl.xlsx", "Emphasis", "C11", 1.25);
        JsonNode active = waitForActive(a -> !a.get("version").asText().equals(before));
        String after = active.get("version").asText();
        assertThat(active.get("trigger").asText()).isEqualTo("reload");

        assertThat(decide().get("ruleset_version").asText()).isEqualTo(after);
        JsonNode versions = body(analyst().get("/api/v1/rulesets/versions"));
        assertThat(versions.get(0).get("version").asText()).isEqualTo(after);
        assertThat(versions.get(0).at("/activations/0/previous_version").asText()).isEqualTo(before);
        HttpResponse<byte[]> file = analyst().getBytes("/api/v1/rulesets/versions/" + after
                + "/files/decision-tables/emphasis.drl.xlsx");
        assertThat(file.body()).isEqualTo(Files.readAllBytes(FOLDERS.path("decision-tables/emphasis.drl.xlsx")));

        JsonNode diff = body(analyst().get("/api/v1/rulesets/diff?from=" + before + "&to=" + after));
        assertThat(diff.at("/files/0/path").asText()).isEqualTo("decision-tables/emphasis.drl.xlsx");
        assertThat(diff.at("/files/0/changes/0").asText()).isEqualTo("Emphasis!C11: 1 -> 1.25");
    }

    @Test
    void aBrokenEditLeavesThePreviousVersionServingAndIsReported() throws Exception {
        String before = liveVersion();
        FOLDERS.write("rules/broken.drl", """
                package com.subdecide.rules.rotation;
                import com.subdecide.rotation.domain.WatchTitle;
                rule "broken"
                when
                    $t : WatchTitle(priorty == "MUST_WATCH")
                then
                end
                """);
        JsonNode active = waitForActive(a -> a.hasNonNull("last_reload") && !a.at("/last_reload/activated").asBoolean());
        assertThat(active.get("version").asText()).isEqualTo(before);
        assertThat(active.at("/last_reload/problems/0").asText())
                .contains("rules/broken.drl:5", "has no field 'priorty'", "did you mean 'priority'");
        assertThat(decide().get("ruleset_version").asText()).isEqualTo(before);
        JsonNode health = body(analyst().get("/actuator/health"));
        assertThat(health.at("/components/ruleSet/details/last_reload").asText()).isEqualTo("rejected");
        // Anonymous callers learn only whether the service is up: no folders, disk sizes or versions.
        JsonNode anonymousHealth = body(ApiClient.anonymous(port).get("/actuator/health"));
        assertThat(anonymousHealth.get("status").asText()).isEqualTo("UP");
        assertThat(anonymousHealth.has("components")).isFalse();
        assertThat(anonymousHealth.toString()).doesNotContain("sha256", "diskSpace", "path");

        Files.delete(FOLDERS.path("rules/broken.drl"));
        waitForActive(a -> a.at("/last_reload/activated").asBoolean());
        assertThat(liveVersion()).isEqualTo(before);
    }

    @Test
    void decisionsInFlightDuringReloadsAllSucceed() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(3);
        List<Future<int[]>> results = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            results.add(clients.submit(() -> {
                int ok = 0;
                int failed = 0;
                while (running.get()) {
                    int status = decider().postJson("/api/v1/decisions/rotation-plan", EXAMPLE).statusCode();
                    if (status == 200) {
                        ok++;
                    } else {
                        failed++;
                    }
                }
                return new int[] {ok, failed};
            }));
        }
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String before = liveVersion();
            FOLDERS.setCell("decision-tables/tier-quality.drl.xlsx", "TierQuality", "C11", 0.90 + i / 100.0);
            seen.add(waitForActive(a -> !a.get("version").asText().equals(before)).get("version").asText());
        }
        running.set(false);
        int ok = 0;
        for (Future<int[]> result : results) {
            int[] counts = result.get();
            ok += counts[0];
            assertThat(counts[1]).as("failed requests during reloads").isZero();
        }
        clients.shutdown();
        assertThat(ok).isPositive();
        assertThat(seen).doesNotHaveDuplicates().hasSize(6);
    }

    @Test
    void validationNamesForbiddenCodeAndUnsafeOrIgnoredUploads() {
        HttpResponse<String> forbidden = analyst().postFiles("/api/v1/rulesets/validate", Map.of("rules/evil.drl", """
                package com.subdecide.rules.rotation;
                import com.subdecide.rotation.domain.WatchTitle;
                rule "evil"
                when
                    $t : WatchTitle()
                then
                    Runtime.getRuntime().exec("id");
                end
                """.getBytes()));
        assertThat(forbidden.statusCode()).isEqualTo(200);
        JsonNode report = body(forbidden);
        assertThat(report.get("valid").asBoolean()).isFalse();
        assertThat(report.at("/errors/0/location").asText()).isEqualTo("rules/evil.drl:7");
        assertThat(report.at("/errors/0/message").asText()).contains("Runtime");

        HttpResponse<String> escape = analyst().postBytes("/api/v1/rulesets/validate", "application/zip",
                zip(Map.of("rules/../../etc/evil.drl", "x".getBytes(), "decision-tables/urgency.xlsx", new byte[] {1})));
        assertThat(escape.statusCode()).isEqualTo(400);
        JsonNode problem = body(escape);
        assertThat(problem.get("code").asText()).isEqualTo("invalid_upload");
        assertThat(problem.get("errors").findValuesAsText("code")).contains("unsafe_path", "not_a_rule_file");

        HttpResponse<String> valid = analyst().postBytes("/api/v1/rulesets/validate", "application/zip",
                zip(Map.of("ruleset/rules/extra.drl", "package com.subdecide.rules.rotation;\n".getBytes())));
        assertThat(body(valid).get("valid").asBoolean()).as(valid.body()).isTrue();
        assertThat(body(valid).at("/scenarios/passed").asInt()).isPositive();
    }

    @Test
    void aDraftIsTriedOnLoggedDecisionsThenPromotedAndRolledBack() throws Exception {
        for (int i = 0; i < 5; i++) {
            decide();
        }
        String live = liveVersion();
        // The draft weighs nice-to-watch titles less: emphasis -> 0.8.
        Path copy = Files.createTempDirectory("draft");
        RuleFolders draftFolders = RuleFolders.copyOfShipped(copy);
        Files.copy(FOLDERS.path("decision-tables/emphasis.drl.xlsx"), draftFolders.path("decision-tables/emphasis.drl.xlsx"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        draftFolders.setCell("decision-tables/emphasis.drl.xlsx", "Emphasis", "C11", 0.8);
        byte[] emphasis = Files.readAllBytes(draftFolders.path("decision-tables/emphasis.drl.xlsx"));

        HttpResponse<String> created = analyst().postFiles("/api/v1/rulesets/drafts?note=less%20emphasis",
                Map.of("decision-tables/emphasis.drl.xlsx", emphasis));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode draft = body(created);
        String draftId = draft.at("/draft/draft_id").asText();
        assertThat(draft.at("/draft/base_version").asText()).isEqualTo(live);
        assertThat(draft.at("/changes/0/changes/0").asText()).startsWith("Emphasis!C11: ").endsWith(" -> 0.8");
        assertThat(liveVersion()).as("a draft does not touch live traffic").isEqualTo(live);

        HttpResponse<String> started = analyst().postJson("/api/v1/simulations",
                "{\"challenger\": {\"draft_id\": \"" + draftId + "\"}, \"decisions\": {\"sample\": 1000}, \"examples\": 2}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String simulation = body(started).get("simulation_id").asText();
        JsonNode job = body(analyst().get("/api/v1/simulations/" + simulation));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!job.get("status").asText().equals("DONE") && System.nanoTime() < deadline) {
            assertThat(job.get("status").asText()).isNotEqualTo("FAILED");
            Thread.sleep(100);
            job = body(analyst().get("/api/v1/simulations/" + simulation));
        }
        JsonNode report = job.get("report");
        assertThat(report.get("replayed").asInt()).isGreaterThanOrEqualTo(5).isEqualTo(job.get("total").asInt());
        assertThat(report.get("changed").asInt()).as("less emphasis changes covered values").isPositive();
        assertThat(report.at("/changes_by_field/covered_value").asInt()).isPositive();
        assertThat(report.at("/kpis/covered_value/delta").decimalValue()).isEqualByComparingTo(
                report.at("/kpis/covered_value/challenger").decimalValue()
                        .subtract(report.at("/kpis/covered_value/champion").decimalValue()));
        assertThat(report.at("/examples/0/champion_explanation/rules_fired").isArray()).isTrue();
        assertThat(report.get("rule_hits").findValuesAsText("source"))
                .contains("decision-tables/emphasis.drl.xlsx!Emphasis!B11");
        String csv = analyst().get("/api/v1/simulations/" + simulation + "/changes.csv").body();
        assertThat(csv).startsWith("decision_id,field,champion,challenger\n").contains(",covered_value,");

        assertThat(analyst().post("/api/v1/rulesets/drafts/" + draftId + "/promote").statusCode()).isEqualTo(403);
        HttpResponse<String> promoted = admin().post("/api/v1/rulesets/drafts/" + draftId + "/promote");
        assertThat(promoted.statusCode()).as(promoted.body()).isEqualTo(200);
        assertThat(body(promoted).get("status").asText()).isEqualTo("PROMOTED");
        String draftVersion = body(promoted).get("version").asText();
        assertThat(liveVersion()).isEqualTo(draftVersion);
        assertThat(Files.readAllBytes(FOLDERS.path("decision-tables/emphasis.drl.xlsx")))
                .as("the folders are written back to match what serves").isEqualTo(emphasis);
        assertThat(admin().post("/api/v1/rulesets/drafts/" + draftId + "/promote").statusCode()).isEqualTo(409);

        HttpResponse<String> rolledBack = admin().post("/api/v1/rulesets/versions/" + live + "/activate?note=undo");
        assertThat(rolledBack.statusCode()).as(rolledBack.body()).isEqualTo(200);
        assertThat(liveVersion()).isEqualTo(live);
        JsonNode history = body(analyst().get("/api/v1/rulesets/versions"));
        assertThat(history.get(0).at("/activations/0/trigger").asText()).isEqualTo("rollback");
        assertThat(history.get(0).at("/activations/0/activated_by").asText()).isEqualTo("admin");
        assertThat(history.findValuesAsText("trigger")).contains("promote", "startup");
    }

    @Test
    void everyLoggedDecisionReplaysExactlyUnderItsOwnVersion() {
        for (int i = 0; i < 3; i++) {
            String id = decide().get("decision_id").asText();
            HttpResponse<String> replay = analyst().post("/api/v1/decisions/" + id + "/replay");
            assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
            assertThat(body(replay).get("identical").asBoolean()).as(replay.body()).isTrue();
            assertThat(body(replay).get("changes")).isEmpty();
        }
    }

    @Test
    void givenRequestsAreComparedWithTheLiveVersionAndBadSimulationsNameTheirFields() throws Exception {
        String live = liveVersion();
        HttpResponse<String> started = analyst().postJson("/api/v1/simulations",
                "{\"challenger\": {\"version\": \"" + live.substring(7, 19) + "\"}, \"requests\": [" + EXAMPLE + ", "
                        + EXAMPLE + "]}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String id = body(started).get("simulation_id").asText();
        JsonNode job = body(analyst().get("/api/v1/simulations/" + id));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!job.get("status").asText().equals("DONE") && System.nanoTime() < deadline) {
            Thread.sleep(50);
            job = body(analyst().get("/api/v1/simulations/" + id));
        }
        assertThat(job.at("/report/champion_version").asText()).isEqualTo(live);
        assertThat(job.at("/report/replayed").asInt()).isEqualTo(2);
        assertThat(job.at("/report/changed").asInt()).as("the same version decides the same").isZero();

        HttpResponse<String> bad = analyst().postJson("/api/v1/simulations",
                "{\"challenger\": {\"draft_id\": \"not-a-uuid\"}, \"decisions\": {\"from\": \"yesterday\", \"sample\": -1}}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(body(bad).get("errors").findValuesAsText("path")).contains("$.challenger.draft_id",
                "$.decisions.from", "$.decisions.sample");
        HttpResponse<String> unknown = analyst().postJson("/api/v1/simulations",
                "{\"challenger\": {\"version\": \"deadbeefdeadbeef\"}, \"decisions\": {}}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(body(unknown).at("/errors/0/path").asText()).isEqualTo("$.challenger.version");
        assertThat(analyst().get("/api/v1/simulations/" + java.util.UUID.randomUUID()).statusCode()).isEqualTo(404);
        assertThat(analyst().get("/api/v1/rulesets/versions/deadbeefdeadbeef").statusCode()).isEqualTo(404);
        assertThat(analyst().post("/api/v1/decisions/" + java.util.UUID.randomUUID() + "/replay").statusCode()).isEqualTo(404);
    }

    @Test
    void aDraftWhoseScenariosFailCannotBePromoted() throws Exception {
        Path copy = Files.createTempDirectory("scenarios");
        RuleFolders draftFolders = RuleFolders.copyOfShipped(copy);
        draftFolders.setCell("decision-tables/scenarios/rotation.scenarios.xlsx", "Plans", "G6", "KEEP");
        HttpResponse<String> created = analyst().postFiles("/api/v1/rulesets/drafts", Map.of(
                "decision-tables/scenarios/rotation.scenarios.xlsx",
                Files.readAllBytes(draftFolders.path("decision-tables/scenarios/rotation.scenarios.xlsx"))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode validation = body(created).get("validation");
        assertThat(validation.get("valid").asBoolean()).isFalse();
        assertThat(validation.at("/scenarios/failures/0/location").asText())
                .isEqualTo("decision-tables/scenarios/rotation.scenarios.xlsx!Plans!row 6");
        assertThat(validation.at("/scenarios/failures/0/differences/0").asText()).isEqualTo("netflix: expected KEEP, got CANCEL standard");
        String id = body(created).at("/draft/draft_id").asText();
        HttpResponse<String> promote = admin().post("/api/v1/rulesets/drafts/" + id + "/promote");
        assertThat(promote.statusCode()).isEqualTo(409);
        assertThat(body(promote).get("code").asText()).isEqualTo("scenarios_failing");
        assertThat(body(analyst().delete("/api/v1/rulesets/drafts/" + id)).get("status").asText()).isEqualTo("DISCARDED");
    }

    @Test
    void theOpenApiDocumentHasTheBuildsNameAreasBasicSignInAndUsableUploads() throws Exception {
        JsonNode api = body(analyst().get("/v3/api-docs"));
        assertThat(api.at("/info/title").asText()).isEqualTo("Subscription decision service");
        assertThat(api.at("/info/version").asText()).isNotBlank().isNotEqualTo("v0");
        assertThat(api.get("tags").findValuesAsText("name")).containsExactly("Benefits", "Campaigns", "Customers", "Experiments", "Pricing", "Rotation", "Rule sets",
                "Simulations");
        assertThat(api.at("/components/securitySchemes/basic/scheme").asText()).isEqualTo("basic");
        JsonNode upload = api.at("/paths/~1api~1v1~1rulesets~1drafts/post/requestBody/content/multipart~1form-data/schema");
        assertThat(upload.toString()).contains("RuleSetUpload");
        assertThat(api.at("/components/schemas/RuleSetUpload/properties/file/items/format").asText()).isEqualTo("binary");
        api.get("paths").forEach(path -> path.forEach(operation ->
                assertThat(operation.get("tags").get(0).asText()).isIn("Benefits", "Campaigns", "Customers", "Experiments", "Pricing", "Rotation", "Rule sets",
                        "Simulations")));

        // What Swagger UI sends for a chosen file: part "file", the file's own name; placed by its name.
        HttpResponse<String> chosen = analyst().postFormFiles("/api/v1/rulesets/validate",
                Map.of("rotation-valuation.drl", Files.readAllBytes(FOLDERS.path("rules/rotation-valuation.drl"))));
        assertThat(body(chosen).get("valid").asBoolean()).as(chosen.body()).isTrue();
    }

    @Test
    void rolesGuardEveryEndpointButHealth() {
        HttpResponse<String> anonymous = ApiClient.anonymous(port).postJson("/api/v1/decisions/rotation-plan", EXAMPLE);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(body(anonymous).get("code").asText()).isEqualTo("unauthenticated");
        assertThat(ApiClient.anonymous(port).get("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(ApiClient.anonymous(port).get("/v3/api-docs").statusCode()).isEqualTo(401);
        HttpResponse<String> forbidden = decider().get("/api/v1/rulesets/active");
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(body(forbidden).get("code").asText()).isEqualTo("forbidden");
        assertThat(decider().post("/api/v1/rulesets/reload").statusCode()).isEqualTo(403);
        assertThat(analyst().post("/api/v1/rulesets/reload").statusCode()).isEqualTo(403);
        assertThat(admin().post("/api/v1/rulesets/reload").statusCode()).isEqualTo(200);
        assertThat(ApiClient.as("admin", port).get("/actuator/metrics/decisions.rule.hits").statusCode()).isEqualTo(200);
    }

    static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static Path temp() {
        try {
            return Files.createTempDirectory("rule-folders");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
