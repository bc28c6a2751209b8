package com.subdecide.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.subdecide.ApiClient;
import com.subdecide.DecisionServiceApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** Operating the service safely: throttled and audited sign-in failures, and a prod profile that refuses defaults. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "decisions.security.login.max-failures-per-user=10")
@ExtendWith(OutputCaptureExtension.class)
// Spring's tests switch metrics export off unless asked: this class checks the Prometheus scrape.
@org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability
class OperationsIntegrationTests {

    @LocalServerPort
    int port;

    HttpResponse<String> getAs(String user, String password, String path) throws Exception {
        return getAs(port, user, password, path);
    }

    static HttpResponse<String> getAs(int port, String user, String password, String path) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + basic).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void repeatedWrongPasswordsAreThrottledAndEachFailureIsAudited(CapturedOutput output) throws Exception {
        int unauthorized = 0;
        int throttled = 0;
        for (int i = 0; i < 300; i++) {
            HttpResponse<String> answer = getAs("analyst", "guess-" + i, "/api/v1/rulesets/active");
            if (answer.statusCode() == 401) {
                unauthorized++;
            } else if (answer.statusCode() == 429) {
                throttled++;
                assertThat(answer.headers().firstValue("Retry-After")).isPresent();
                assertThat(answer.body()).contains("too_many_failed_sign_ins");
            }
        }
        assertThat(unauthorized).isEqualTo(10);
        assertThat(throttled).isEqualTo(290);
        // The right password waits too, so guessing cannot be told apart from it; other users are not locked out.
        assertThat(getAs("analyst", "analyst", "/api/v1/rulesets/active").statusCode()).isEqualTo(429);
        assertThat(getAs("admin", "admin", "/api/v1/rulesets/active").statusCode()).isEqualTo(200);
        assertThat(output.getOut()).contains("sign-in failed: user='analyst'").contains("sign-in refused (throttled)");
    }

    @Test
    void pathsTheServerCannotReadAreProblemDocumentsAndErrorAloneIsNotFound() throws Exception {
        // A broken %-escape cannot even be written as a java.net.URI: sent over a plain socket.
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            socket.getOutputStream().write(("GET /api/v1/users/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(raw).startsWith("HTTP/1.1 400").contains("application/problem+json", "\"code\":\"bad_request\"");
        }
        for (String path : new String[] {"/api/v1/rulesets/drafts/a%2fb", "/api/v1/users/a%00b/plans",
                "/api/v1/simulations/x;y"}) {
            HttpResponse<String> answer = getAs("admin", "admin", path);
            assertThat(answer.statusCode()).as(path).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type").orElse("")).as(path).startsWith("application/problem+json");
            assertThat(new ObjectMapper().readTree(answer.body()).get("code").asText()).isEqualTo("bad_request");
        }
        HttpResponse<String> error = ApiClient.anonymous(port).get("/error");
        assertThat(error.statusCode()).isEqualTo(404);
        assertThat(new ObjectMapper().readTree(error.body()).get("code").asText()).isEqualTo("not_found");
    }

    @Test
    void anonymousHealthSaysOnlyUpOrDown() throws Exception {
        HttpResponse<String> anonymous = ApiClient.anonymous(port).get("/actuator/health");
        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(anonymous.body()).has("components")).isFalse();
        assertThat(ApiClient.as("decider", port).get("/actuator/health").body()).contains("ruleSet", "diskSpace");
    }

    @Test
    void prometheusServesDecisionRuleHitJobAndJvmMetricsToAnalysts() throws Exception {
        assertThat(ApiClient.anonymous(port).get("/actuator/prometheus").statusCode()).isEqualTo(401);
        HttpResponse<String> scrape = ApiClient.as("analyst", port).get("/actuator/prometheus");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("decisions_rotation_plan_seconds", "decisions_rule_hits_total",
                "decisions_jobs_queued{task=\"simulation\"", "decisions_jobs_running{task=\"population-allocation\"",
                "decisions_jobs_queued{task=\"year-simulation\"",
                "jvm_memory_used_bytes", "http_server_requests_seconds");
    }

    @Test
    void theProdProfileRefusesToStartWithDefaultOrPlainTextPasswords() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(DecisionServiceApplication.class).profiles("prod")
                .run("--server.port=0").close())
                .hasStackTraceContaining("plain-text ({noop}) or default passwords");
    }

    @Test
    void theProdProfileStartsWithHashedPasswordsAndTheDefaultsNoLongerWork() throws Exception {
        String hash = "{bcrypt}" + new BCryptPasswordEncoder().encode("a-long-admin-secret");
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(DecisionServiceApplication.class)
                .profiles("prod").run("--server.port=0",
                        "--decisions.security.users.admin.password=" + hash,
                        "--decisions.security.users.analyst.password=" + hash,
                        "--decisions.security.users.decider.password=" + hash)) {
            int prodPort = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
            assertThat(getAs(prodPort, "admin", "admin", "/api/v1/rulesets/active").statusCode()).isEqualTo(401);
            assertThat(getAs(prodPort, "admin", "a-long-admin-secret", "/api/v1/rulesets/active").statusCode())
                    .isEqualTo(200);
            assertThat(app.getEnvironment().getProperty("decisions.rules.local-authoring")).isEqualTo("false");
        }
    }
}
