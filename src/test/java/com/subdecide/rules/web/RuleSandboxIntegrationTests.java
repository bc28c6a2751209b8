package com.subdecide.rules.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subdecide.ApiClient;
import com.subdecide.rules.RuleFolders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An ANALYST trying to run code or hang the service through every door rules come in by: the validate endpoint,
 * a draft's DRL and table cells, and the watched folder. Nothing runs, nothing hangs, and the live version keeps
 * serving.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RuleSandboxIntegrationTests {

    static final Path ROOT = temp();
    static final RuleFolders FOLDERS = RuleFolders.copyOfShipped(ROOT);
    static final Path MARKER = ROOT.resolve("marker.txt");

    static final String PROCESS_BUILDER = """
            package com.subdecide.rules.rotation;
            import com.subdecide.rotation.domain.WatchTitle;
            rule "x" when $t : WatchTitle() then
              Object pb = ("").getClass().forName("java.lang.ProcessBuilder").getConstructor((new String[0]).getClass())
                          .newInstance(new Object[]{ new String[]{"touch", "%s"} });
              (pb).getClass().getMethod("start").invoke(pb);
            end
            """.formatted(MARKER);

    static final String SPIN = """
            package com.subdecide.rules.rotation;
            import com.subdecide.rotation.domain.WatchTitle;
            rule "spin: a title updated by its own rule matches it again"
            when
                $t : WatchTitle()
            then
                update($t);
            end
            """;

    @DynamicPropertySource
    static void folders(DynamicPropertyRegistry registry) {
        registry.add("decisions.rules.rules-dir", () -> FOLDERS.path("rules").toString());
        registry.add("decisions.rules.tables-dir", () -> FOLDERS.path("decision-tables").toString());
        registry.add("decisions.rules.solver-dir", () -> FOLDERS.path("solver-config").toString());
        registry.add("decisions.rules.watch", () -> "true");
        registry.add("decisions.rules.max-activations", () -> "20000");
    }

    @LocalServerPort
    int port;
    @Autowired
    ObjectMapper json;

    JsonNode body(HttpResponse<String> response) {
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String liveVersion() {
        return body(ApiClient.as("analyst", port).get("/api/v1/rulesets/active")).get("version").asText();
    }

    JsonNode waitForActive(Predicate<JsonNode> condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        JsonNode active = body(ApiClient.as("analyst", port).get("/api/v1/rulesets/active"));
        while (!condition.test(active) && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
            active = body(ApiClient.as("analyst", port).get("/api/v1/rulesets/active"));
        }
        assertThat(condition.test(active)).as("rule set state reached: %s", active).isTrue();
        return active;
    }

    @Test
    void theReportedCodeExecutionIsRefusedByValidateAndByDraftsAndNothingRuns() {
        ApiClient analyst = ApiClient.as("analyst", port);
        HttpResponse<String> validated = analyst.postFiles("/api/v1/rulesets/validate",
                Map.of("rules/x.drl", PROCESS_BUILDER.getBytes()));
        assertThat(validated.statusCode()).isEqualTo(200);
        assertThat(body(validated).get("valid").asBoolean()).isFalse();
        assertThat(body(validated).at("/errors/0/location").asText()).isEqualTo("rules/x.drl:4");
        assertThat(body(validated).get("errors").findValuesAsText("message"))
                .anySatisfy(m -> assertThat(m).contains("getClass"));

        HttpResponse<String> draft = analyst.postFiles("/api/v1/rulesets/drafts", Map.of("rules/x.drl",
                PROCESS_BUILDER.getBytes()));
        assertThat(draft.statusCode()).isEqualTo(400);
        assertThat(body(draft).get("code").asText()).isEqualTo("rule_set_invalid");
        assertThat(Files.exists(MARKER)).isFalse();
    }

    @Test
    void codeInATableValueCellIsRefusedAtTheCellAndTemplateCellsBelongToAdmin() throws Exception {
        Path copy = Files.createTempDirectory("draft");
        RuleFolders draft = RuleFolders.copyOfShipped(copy);
        draft.setCell("decision-tables/emphasis.drl.xlsx", "Emphasis", "C10",
                "3); java.lang.Runtime.getRuntime().exec(\"touch " + MARKER + "\"); $t.setEmphasis(3");
        HttpResponse<String> injected = ApiClient.as("analyst", port).postFiles("/api/v1/rulesets/drafts",
                Map.of("decision-tables/emphasis.drl.xlsx", Files.readAllBytes(draft.path("decision-tables/emphasis.drl.xlsx"))));
        assertThat(injected.statusCode()).as(injected.body()).isEqualTo(400);
        assertThat(body(injected).at("/errors/0/path").asText()).isEqualTo("decision-tables/emphasis.drl.xlsx!Emphasis!C10");
        assertThat(Files.exists(MARKER)).isFalse();

        RuleFolders template = RuleFolders.copyOfShipped(Files.createTempDirectory("template"));
        template.setCell("decision-tables/emphasis.drl.xlsx", "Emphasis", "C8", "$t.setEmphasis($param * 2);");
        byte[] changed = Files.readAllBytes(template.path("decision-tables/emphasis.drl.xlsx"));
        HttpResponse<String> byAnalyst = ApiClient.as("analyst", port).postFiles("/api/v1/rulesets/drafts",
                Map.of("decision-tables/emphasis.drl.xlsx", changed));
        assertThat(byAnalyst.statusCode()).as(byAnalyst.body()).isEqualTo(403);
        assertThat(body(byAnalyst).get("code").asText()).isEqualTo("template_change_requires_admin");
        assertThat(body(byAnalyst).at("/errors/0/path").asText()).isEqualTo("decision-tables/emphasis.drl.xlsx!Emphasis!C8");
        HttpResponse<String> byAdmin = ApiClient.as("admin", port).postFiles("/api/v1/rulesets/drafts",
                Map.of("decision-tables/emphasis.drl.xlsx", changed));
        assertThat(byAdmin.statusCode()).as(byAdmin.body()).isIn(201, 400);
        assertThat(body(byAdmin).path("code").asText()).isNotEqualTo("template_change_requires_admin");
    }

    @Test
    void rulesThatNeverEndAreRefusedWithTheRuleNamedAndNothingHangs() throws Exception {
        String before = liveVersion();
        Instant started = Instant.now();
        HttpResponse<String> validated = ApiClient.as("analyst", port).postFiles("/api/v1/rulesets/validate",
                Map.of("rules/spin.drl", SPIN.getBytes()));
        assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(60));
        assertThat(body(validated).get("valid").asBoolean()).isFalse();
        assertThat(validated.body()).contains("fired more than 20000 times", "spin: a title updated by its own rule");

        // The same file in the watched folder: refused, the live version serves, admin actions still answer.
        FOLDERS.write("rules/spin.drl", SPIN);
        JsonNode active = waitForActive(a -> a.hasNonNull("last_reload") && !a.at("/last_reload/activated").asBoolean()
                && a.at("/last_reload/problems").toString().contains("spin"));
        assertThat(active.get("version").asText()).isEqualTo(before);
        started = Instant.now();
        HttpResponse<String> reload = ApiClient.as("admin", port).post("/api/v1/rulesets/reload");
        assertThat(reload.statusCode()).as(reload.body()).isLessThan(500);
        assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(60));
        HttpResponse<String> decided = ApiClient.as("decider", port).postJson("/api/v1/decisions/rotation-plan",
                Files.readString(Path.of("docs/examples/rotation-plan-request.json")));
        assertThat(decided.statusCode()).isEqualTo(200);
        assertThat(body(decided).get("ruleset_version").asText()).isEqualTo(before);

        // Code in the watched folder never goes live either.
        FOLDERS.write("rules/spin.drl", PROCESS_BUILDER);
        waitForActive(a -> a.at("/last_reload/problems").toString().contains("getClass"));
        assertThat(liveVersion()).isEqualTo(before);
        Files.delete(FOLDERS.path("rules/spin.drl"));
        waitForActive(a -> a.at("/last_reload/activated").asBoolean());
        assertThat(Files.exists(MARKER)).isFalse();
    }

    private static Path temp() {
        try {
            return Files.createTempDirectory("sandbox-folders");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
