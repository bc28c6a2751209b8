package com.subdecide.rotation.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subdecide.ApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Stored users over real HTTP on the embedded PostgreSQL: state, plans by user id, re-evaluation, savings, what-ifs. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RotationOverTimeIntegrationTests {

    /** The service's clock, which a test moves forward to close months once they have ended. */
    static final class MovableClock extends java.time.Clock {
        private volatile java.time.Duration ahead = java.time.Duration.ZERO;

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return java.time.Clock.system(zone);
        }

        @Override
        public java.time.Instant instant() {
            return java.time.Instant.now().plus(ahead);
        }

        void moveAhead(java.time.Duration by) {
            ahead = by;
        }
    }

    @org.springframework.boot.test.context.TestConfiguration
    static class Clocks {
        @org.springframework.context.annotation.Bean
        @org.springframework.context.annotation.Primary
        MovableClock movableClock() {
            return new MovableClock();
        }
    }

    @Autowired
    MovableClock clock;

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

    ObjectNode example() {
        try {
            return (ObjectNode) json.readTree(RotationEndpoint.example());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The example month's market data, plus Disney+ at $10. */
    void putCatalog() {
        ObjectNode catalog = example().retain("platforms", "bundles", "catalog", "content_lifecycle");
        for (JsonNode platform : catalog.get("platforms")) {
            if (platform.get("platform_id").asText().equals("disney")) {
                ((ArrayNode) platform.get("tiers")).addObject().put("tier_id", "standard").put("level", "STANDARD")
                        .put("monthly_cost", 10.00);
            }
        }
        HttpResponse<String> put = ApiClient.as("analyst", port).send("PUT", "/api/v1/catalog", catalog.toString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    }

    ObjectNode user(boolean withDisney) {
        ObjectNode user = example().retain("budget_cap", "currency", "watchlist", "active_subscriptions");
        if (withDisney) {
            ((ArrayNode) user.get("active_subscriptions")).addObject().put("platform_id", "disney").put("tier_id", "standard")
                    .put("monthly_cost", 10.00).put("next_billing_date", LocalDate.now().plusDays(10).toString());
        }
        user.putArray("onboarding_services").add("netflix").add("disney");
        return user;
    }

    @Test
    void disneyPausedForFourMonthsSavesFortyDollars() {
        putCatalog();
        ApiClient decider = ApiClient.as("decider", port);
        assertThat(decider.send("PUT", "/api/v1/users/u-disney", user(true).toString()).statusCode()).isEqualTo(200);
        // The user cancels Disney+; the baseline keeps it (seeded at onboarding, never reseeded).
        HttpResponse<String> replaced = decider.send("PUT", "/api/v1/users/u-disney", user(false).toString());
        assertThat(body(replaced).get("baseline").findValuesAsText("platform_id")).containsExactly("disney", "netflix");
        YearMonth first = YearMonth.now(java.time.ZoneOffset.UTC);
        // A month closes once it has ended: four months on, the four months since onboarding close.
        assertThat(decider.post("/api/v1/users/u-disney/months/" + first + "/close").statusCode()).isEqualTo(409);
        clock.moveAhead(java.time.Duration.ofDays(4 * 31 + 1));
        try {
            for (int m = 0; m < 4; m++) {
                HttpResponse<String> closed = decider.post("/api/v1/users/u-disney/months/" + first.plusMonths(m) + "/close");
                assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
            }
            // Closing a month again replaces it: accepted entries are never doubled.
            decider.post("/api/v1/users/u-disney/months/" + first + "/close");
        } finally {
            clock.moveAhead(java.time.Duration.ZERO);
        }
        JsonNode savings = body(decider.get("/api/v1/users/u-disney/savings?through=" + first.plusMonths(3)));
        assertThat(savings.get("yearly_total").decimalValue()).isEqualByComparingTo("40");
        assertThat(savings.get("sentences").get(0).asText()).isEqualTo("You paused Disney+ for 4 months this year, saving $40!");
        assertThat(savings.get("ledger")).hasSize(4);

        // A year for stored users, as a job.
        HttpResponse<String> started = ApiClient.as("analyst", port).postJson("/api/v1/simulations/years",
                "{\"user_ids\": [\"u-disney\"], \"months\": 6}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String id = body(started).get("simulation_id").asText();
        JsonNode job = body(ApiClient.as("analyst", port).get("/api/v1/simulations/" + id));
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!job.get("status").asText().equals("DONE") && System.nanoTime() < deadline) {
            assertThat(job.get("status").asText()).isNotEqualTo("FAILED");
            sleep();
            job = body(ApiClient.as("analyst", port).get("/api/v1/simulations/" + id));
        }
        assertThat(job.get("kind").asText()).isEqualTo("YEAR");
        assertThat(job.at("/report/users").asInt()).isEqualTo(1);
        assertThat(job.at("/report/chart/months")).hasSize(6);
        assertThat(job.at("/report/total_saved").decimalValue()).isPositive();
        assertThat(ApiClient.as("analyst", port).postJson("/api/v1/simulations/years", "{\"months\": 0}").statusCode())
                .isEqualTo(400);
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aPlanByUserIdIsStoredAndACompletedTitleReEvaluatesTheRestOfTheCycle() {
        putCatalog();
        ApiClient decider = ApiClient.as("decider", port);
        assertThat(decider.send("PUT", "/api/v1/users/u-42", user(false).toString()).statusCode()).isEqualTo(200);
        HttpResponse<String> planned = decider.post("/api/v1/users/u-42/plans");
        assertThat(planned.statusCode()).as(planned.body()).isEqualTo(200);
        JsonNode plan = body(planned);
        assertThat(plan.get("total_monthly_cost").decimalValue()).isLessThanOrEqualTo(plan.get("budget_cap").decimalValue());

        HttpResponse<String> marked = decider.send("PATCH", "/api/v1/users/u-42/watchlist/t-severance",
                "{\"status\": \"COMPLETED\"}");
        assertThat(marked.statusCode()).as(marked.body()).isEqualTo(200);
        JsonNode again = body(marked);
        assertThat(again.get("why").get(0).asText()).startsWith("Severance marked COMPLETED");
        assertThat(again.at("/plan/total_monthly_cost").decimalValue())
                .isLessThanOrEqualTo(again.at("/plan/budget_cap").decimalValue());
        assertThat(again.at("/plan/platform_scores").findValuesAsText("titles")).doesNotContain("t-severance");
        JsonNode plans = body(decider.get("/api/v1/users/u-42/plans"));
        assertThat(plans.get("plans").findValuesAsText("trigger")).containsExactly("MONTHLY", "REEVALUATION");
        putCatalog();

        // Dune's leaving date moves: u-42 has a plan this month and Dune on the watchlist, so it is re-decided.
        ObjectNode moved = example().retain("platforms", "bundles", "catalog", "content_lifecycle");
        for (JsonNode entry : moved.get("content_lifecycle")) {
            if (entry.get("title_id").asText().equals("t-dune")) {
                ((ObjectNode) entry).put("leaving_date", LocalDate.now().plusDays(20).toString());
            }
        }
        HttpResponse<String> catalog = ApiClient.as("analyst", port).send("PUT", "/api/v1/catalog", moved.toString());
        assertThat(body(catalog).get("reevaluated_users").toString()).contains("u-42");
        assertThat(body(decider.get("/api/v1/users/u-42/plans")).get("plans").findValuesAsText("reason"))
                .anySatisfy(reason -> assertThat(reason).isEqualTo("leaving dates changed for t-dune"));

        String decisionId = plan.get("decision_id").asText();
        HttpResponse<String> actions = decider.postJson("/api/v1/users/u-42/plans/" + decisionId + "/actions",
                "{\"actions\": [{\"platform_id\": \"netflix\", \"action\": \"CANCEL\", \"outcome\": \"EXECUTED\"}]}");
        assertThat(actions.statusCode()).as(actions.body()).isEqualTo(200);
        HttpResponse<String> badAction = decider.postJson("/api/v1/users/u-42/plans/" + decisionId + "/actions",
                "{\"actions\": [{\"platform_id\": \"netflix\", \"action\": \"PAUSE\", \"outcome\": \"MAYBE\"}]}");
        assertThat(badAction.statusCode()).isEqualTo(400);
        assertThat(body(badAction).get("errors").findValuesAsText("path")).containsExactly("$.actions[0].action", "$.actions[0].outcome");
    }

    @Test
    void badStateIsNamedFieldByFieldAndUnknownUsersAre404() {
        putCatalog();
        ApiClient decider = ApiClient.as("decider", port);
        ObjectNode bad = user(false);
        ((ObjectNode) bad.get("watchlist").get(0)).put("rec_score", 2);
        bad.putArray("onboarding_services").add("peacock");
        HttpResponse<String> refused = decider.send("PUT", "/api/v1/users/u-bad", bad.toString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(body(refused).get("errors").findValuesAsText("path")).contains("$.watchlist[0].rec_score");
        bad.remove("watchlist");
        HttpResponse<String> onboarding = decider.send("PUT", "/api/v1/users/u-bad", bad.toString());
        assertThat(body(onboarding).get("errors").findValuesAsText("path")).containsExactly("$.onboarding_services[0]");
        assertThat(decider.post("/api/v1/users/nobody/plans").statusCode()).isEqualTo(404);
        assertThat(decider.post("/api/v1/users/u-42/months/2026-13/close").statusCode()).isEqualTo(400);
        // Years outside what is stored are a 400 naming the month, not a database error; open months cannot close.
        HttpResponse<String> far = decider.post("/api/v1/users/u-42/months/+999999999-12/close");
        assertThat(far.statusCode()).as(far.body()).isEqualTo(400);
        assertThat(body(far).at("/errors/0/path").asText()).isEqualTo("month");
        assertThat(decider.get("/api/v1/users/u-42/savings?through=-0001-01").statusCode()).isEqualTo(400);
        HttpResponse<String> open = decider.post("/api/v1/users/u-42/months/" + YearMonth.now(java.time.ZoneOffset.UTC)
                + "/close");
        assertThat(open.statusCode()).as(open.body()).isEqualTo(409);
        assertThat(body(open).get("code").asText()).isEqualTo("month_not_ended");
        assertThat(decider.post("/api/v1/users/u-42/months/" + YearMonth.now(java.time.ZoneOffset.UTC).plusYears(50)
                + "/close").statusCode()).isEqualTo(409);
        assertThat(ApiClient.as("decider", port).send("PUT", "/api/v1/catalog", "{}").statusCode()).isEqualTo(403);
    }

    @Test
    void theBudgetSweepAndTheYearAreServed() {
        ApiClient decider = ApiClient.as("decider", port);
        HttpResponse<String> sweep = decider.postJson("/api/v1/decisions/rotation-plan/budget-sweep?from=0&to=60&step=5",
                RotationEndpoint.example());
        assertThat(sweep.statusCode()).as(sweep.body()).isEqualTo(200);
        assertThat(body(sweep).get("points")).hasSize(13);
        assertThat(body(sweep).get("solves").asInt()).isLessThan(13);
        assertThat(decider.postJson("/api/v1/decisions/rotation-plan/budget-sweep?from=10&to=5&step=0",
                RotationEndpoint.example()).statusCode()).isEqualTo(400);

        ObjectNode year = json.createObjectNode();
        year.set("month", example());
        year.put("months", 12);
        HttpResponse<String> simulated = decider.postJson("/api/v1/decisions/rotation-plan/year", year.toString());
        assertThat(simulated.statusCode()).as(simulated.body()).isEqualTo(200);
        assertThat(body(simulated).get("months")).hasSize(12);
        assertThat(body(simulated).at("/chart/saved_so_far")).hasSize(12);
        year.putArray("baseline").add("peacock");
        HttpResponse<String> bad = decider.postJson("/api/v1/decisions/rotation-plan/year", year.toString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(body(bad).at("/errors/0/path").asText()).isEqualTo("$.baseline[0]");
    }
}
