package com.subdecide.campaigns;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.subdecide.ApiClient;
import com.subdecide.Services;
import com.subdecide.campaigns.domain.TriggerEvent;
import com.subdecide.rules.RuleFolders;
import com.subdecide.tools.GenerateSubscriptions;
import jakarta.mail.internet.MimeMessage;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Campaigns end to end on their own embedded PostgreSQL, with GreenMail as the SMTP server and WireMock as the push
 * and SMS providers: a campaign refused for an unknown token and for a failed check, launched, triggered by an
 * accepted event, its email delivered with its message id and one-click unsubscribe headers, a repeated event
 * sending nothing, the cooldown, the signed opt-out effective for the next decision, push retried under one
 * idempotency key, quiet hours deferring a push to 08:00 local, SMS dead-lettered and retried by an admin, the
 * in-app inbox, calendar-day and rolling-week caps across a daylight-saving change, price-change notices and their
 * 30-day rule, the holdout and the performance report.
 */
class CampaignIntegrationTests {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TABLE = "decision-tables/campaign-triggers.drl.xlsx";

    static void await(String what, BooleanSupplier done) {
        Instant until = Instant.now().plusSeconds(30);
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static ObjectNode campaign(String key, String type, String event, String channel, String body) {
        ObjectNode c = JSON.createObjectNode();
        c.put("key", key);
        c.put("type", type);
        c.putObject("trigger").put("event_type", event);
        ObjectNode content = c.putObject("content");
        content.put("subject", "Hello {first_name}");
        content.put("body", body);
        content.putObject("defaults").put("first_name", "there");
        c.putArray("channels").add(channel);
        return c;
    }

    static String event(String id, String user, String type, Instant at) {
        return "{\"events\": [{\"event_id\": \"" + id + "\", \"customer_id\": \"" + user + "\", \"type\": \"" + type
                + "\", \"plan_id\": \"basic\", \"price\": 8.99, \"currency\": \"USD\", \"segment\": \"individual\", "
                + "\"occurred_at\": \"" + at + "\"}]}";
    }

    static String behaviour(String id, String user, String type, Instant at) {
        return "{\"events\": [{\"event_id\": \"" + id + "\", \"user_id\": \"" + user + "\", \"type\": \"" + type
                + "\", \"amount\": 10, \"benefit_id\": \"free-shipping\", \"occurred_at\": \"" + at + "\"}]}";
    }

    @Test
    void campaignsFromTriggerToDeliveryAndLift(@TempDir Path temp) throws Exception {
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        WireMockServer hooks = new WireMockServer(wireMockConfig().dynamicPort());
        hooks.start();
        hooks.stubFor(post(urlPathEqualTo("/push")).inScenario("push").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        hooks.stubFor(post(urlPathEqualTo("/push")).inScenario("push").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(202)));
        hooks.stubFor(post(urlPathEqualTo("/sms")).inScenario("sms").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(400).withBody("{\"error\": \"unknown sender id\"}")));
        RuleFolders folders = RuleFolders.copyOfShipped(temp.resolve("folders"));
        // The win-back row sends SMS here, and one more row routes page views to a digest (the notes below the
        // table are cleared so the row is the table's last).
        folders.setCell(TABLE, "Triggers", "J12", "SMS");
        folders.setCell(TABLE, "Triggers", "B19", "");
        folders.setCell(TABLE, "Triggers", "B20", "");
        Object[] digest = {"PAGE_VIEW", "every segment", "every tier", "any risk", null, null, null, "digest", "EMAIL",
                0, 100};
        for (int i = 0; i < digest.length; i++) {
            if (digest[i] != null) {
                folders.setCell(TABLE, "Triggers", (char) ('B' + i) + "18", digest[i]);
            }
        }
        try (ConfigurableApplicationContext app = Services.start(temp.resolve("pg"), folders,
                "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + smtp.getSmtp().getPort(),
                "--decisions.campaigns.push-webhook=http://localhost:" + hooks.port() + "/push",
                "--decisions.campaigns.sms-webhook=http://localhost:" + hooks.port() + "/sms",
                "--decisions.campaigns.first-retry-seconds=1", "--decisions.campaigns.delivery-poll-millis=100",
                "--decisions.campaigns.trigger-poll-millis=100", "--decisions.campaigns.public-base-url=https://subs.example.com")) {
            int port = Services.port(app);
            ApiClient analyst = ApiClient.as("analyst", port);
            ApiClient decider = ApiClient.as("decider", port);
            ApiClient admin = ApiClient.as("admin", port);
            ApiClient anonymous = ApiClient.anonymous(port);
            JdbcClient jdbc = app.getBean(JdbcClient.class);
            assertThat(analyst.send("PUT", "/api/v1/pricing/plans", GenerateSubscriptions.priceBook(JSON).toString())
                    .statusCode()).isEqualTo(200);

            // An unknown token is a 400 at the text that holds it; a campaign no trigger row names fails its check.
            HttpResponse<String> bad = analyst.postJson("/api/v1/campaigns", campaign("welcome", "ONBOARDING",
                    "SUBSCRIBED", "EMAIL", "Hi {frist_name} {unsubscribe_url}").toString());
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(ApiClient.body(bad).path("errors").get(0).path("path").asText()).isEqualTo("$.content.body");
            assertThat(analyst.postJson("/api/v1/campaigns", campaign("orphan", "RETENTION", "PURCHASE", "EMAIL",
                    "{unsubscribe_url}").toString()).statusCode()).isEqualTo(201);
            HttpResponse<String> orphan = analyst.post("/api/v1/campaigns/orphan/launch");
            assertThat(orphan.statusCode()).isEqualTo(409);
            assertThat(ApiClient.body(orphan).path("code").asText()).isEqualTo("compliance_violation");
            assertThat(analyst.postJson("/api/v1/campaigns", campaign("welcome", "ONBOARDING", "SUBSCRIBED", "EMAIL",
                    "Welcome to {plan} at {price}").toString()).statusCode()).isEqualTo(201);
            JsonNode check = ApiClient.body(analyst.post("/api/v1/campaigns/welcome/check"));
            assertThat(check.path("passed").asBoolean()).isFalse();
            assertThat(check.path("violations").get(0).path("code").asText()).isEqualTo("missing_unsubscribe_link");
            assertThat(check.path("violations").get(0).path("source").asText()).startsWith("rules/campaign-compliance.drl:");
            ObjectNode welcome = campaign("welcome", "ONBOARDING", "SUBSCRIBED", "EMAIL",
                    "Welcome to {plan} at {price}.\nUnsubscribe: {unsubscribe_url}");
            welcome.putObject("cost").putObject("per_message").put("EMAIL", 0.01);
            assertThat(analyst.send("PUT", "/api/v1/campaigns/welcome", welcome.toString()).statusCode()).isEqualTo(200);
            assertThat(ApiClient.body(analyst.post("/api/v1/campaigns/welcome/launch")).path("status").asText())
                    .isEqualTo("LIVE");

            // A subscription event triggers the welcome email; GreenMail receives it with our message id.
            assertThat(decider.send("PUT", "/api/v1/users/ada/contact", "{\"first_name\": \"Ada\", \"time_zone\": "
                    + "\"Europe/Berlin\", \"email\": \"ada@example.com\", \"consents\": [{\"channel\": \"EMAIL\", "
                    + "\"status\": \"GRANTED\", \"text_version\": \"v3\", \"source\": \"signup\"}]}").statusCode())
                    .isEqualTo(200);
            Instant now = Instant.now();
            assertThat(decider.postJson("/api/v1/subscriptions/events", event("s-ada-1", "ada", "SUBSCRIBED", now))
                    .statusCode()).isEqualTo(202);
            await("the welcome email", () -> smtp.getReceivedMessages().length == 1);
            MimeMessage mail = smtp.getReceivedMessages()[0];
            JsonNode logged = ApiClient.body(analyst.get("/api/v1/campaigns/welcome/messages?user_id=ada"))
                    .path("messages").get(0);
            assertThat(logged.path("outcome").asText()).isEqualTo("SENT");
            assertThat(mail.getHeader("Message-ID")[0]).isEqualTo("<" + logged.path("message_id").asText()
                    + "@campaigns.subdecide>");
            assertThat(mail.getSubject()).isEqualTo("Hello Ada");
            assertThat((String) mail.getContent()).contains("Welcome to basic at 8.99 USD");
            String link = mail.getHeader("List-Unsubscribe")[0];
            assertThat(link).startsWith("<https://subs.example.com/unsubscribe/");
            assertThat(mail.getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");

            // The same event again sends nothing; a second subscription within 30 days meets the cooldown.
            decider.postJson("/api/v1/subscriptions/events", event("s-ada-1", "ada", "SUBSCRIBED", now));
            decider.postJson("/api/v1/subscriptions/events", event("s-ada-2", "ada", "SUBSCRIBED", now.plusSeconds(1)));
            await("the second subscription decided", () -> ApiClient.body(analyst.get(
                    "/api/v1/campaigns/welcome/messages?user_id=ada")).path("messages").size() == 2);
            JsonNode second = ApiClient.body(analyst.get("/api/v1/campaigns/welcome/messages?user_id=ada"))
                    .path("messages").get(0);
            assertThat(second.path("outcome").asText()).isEqualTo("SUPPRESSED_COOLDOWN");
            assertThat(second.path("source").asText()).startsWith("rules/campaign-compliance.drl:");
            Thread.sleep(500);
            assertThat(smtp.getReceivedMessages()).hasSize(1);

            // The one-click link opts out at once, without signing in; a forged link opts out nobody.
            String token = link.substring(link.lastIndexOf('/') + 1, link.length() - 1);
            assertThat(anonymous.get("/unsubscribe/" + token.substring(0, token.length() - 2) + "xx").statusCode())
                    .isEqualTo(400);
            assertThat(anonymous.get("/unsubscribe/" + token).statusCode()).isEqualTo(200);
            assertThat(ApiClient.body(decider.get("/api/v1/users/ada/contact")).path("consent").path("EMAIL").asText())
                    .isEqualTo("OPTED_OUT");
            assertThat(analyst.postJson("/api/v1/campaigns", campaign("payment-failed", "RETENTION", "PAYMENT_FAILED",
                    "EMAIL", "Update your card: {unsubscribe_url}").toString()).statusCode()).isEqualTo(201);
            analyst.post("/api/v1/campaigns/payment-failed/launch");
            decider.postJson("/api/v1/subscriptions/events", event("s-ada-3", "ada", "PAYMENT_FAILED", now.plusSeconds(2)));
            await("the opted-out decision", () -> ApiClient.body(analyst.get(
                    "/api/v1/campaigns/payment-failed/messages")).path("messages").size() == 1);
            assertThat(ApiClient.body(analyst.get("/api/v1/campaigns/payment-failed/messages")).path("messages").get(0)
                    .path("outcome").asText()).isEqualTo("SUPPRESSED_OPTED_OUT");

            // Push: a 503 retried under the same Idempotency-Key; quiet hours hold another to 08:00 local time.
            decider.postJson("/api/v1/members", "{\"members\": [{\"user_id\": \"bo\", \"tier\": \"BRONZE\"}, "
                    + "{\"user_id\": \"cy\", \"tier\": \"BRONZE\"}, {\"user_id\": \"di\", \"tier\": \"SILVER\"}]}");
            String awake = zoneWhereLocalHourIs(now, 12);
            String asleep = zoneWhereLocalHourIs(now, 23);
            for (String[] u : new String[][] {{"bo", awake}, {"cy", asleep}}) {
                assertThat(decider.send("PUT", "/api/v1/users/" + u[0] + "/contact", "{\"time_zone\": \"" + u[1]
                        + "\", \"push_token\": \"tok-" + u[0] + "\", \"consents\": [{\"channel\": \"PUSH\", \"status\": "
                        + "\"GRANTED\", \"text_version\": \"v1\", \"source\": \"app prompt\"}]}").statusCode())
                        .isEqualTo(200);
            }
            assertThat(analyst.postJson("/api/v1/campaigns", campaign("upsell-silver", "UPSELL", "PURCHASE", "PUSH",
                    "Silver ships free").toString()).statusCode()).isEqualTo(201);
            assertThat(analyst.post("/api/v1/campaigns/upsell-silver/launch").statusCode()).isEqualTo(200);
            for (String u : List.of("bo", "cy")) {
                for (int i = 0; i < 3; i++) {
                    decider.postJson("/api/v1/events", behaviour("p-" + u + i, u, "PURCHASE", now.minusSeconds(10 - i)));
                }
            }
            await("the push delivered after a retry", () -> hooks.findAll(postRequestedFor(urlPathEqualTo("/push")))
                    .size() == 2 && "DELIVERED".equals(delivery(jdbc, "upsell-silver", "bo")));
            List<LoggedRequest> pushes = hooks.findAll(postRequestedFor(urlPathEqualTo("/push")));
            assertThat(pushes.get(0).getHeader("Idempotency-Key")).isEqualTo(pushes.get(1).getHeader("Idempotency-Key"));
            assertThat(JSON.readTree(pushes.get(1).getBodyAsString()).path("to").asText()).isEqualTo("tok-bo");
            Map<String, Object> held = jdbc.sql("SELECT outcome, release_at FROM campaign_message WHERE user_id = 'cy' "
                    + "AND campaign_key = 'upsell-silver'").query().singleRow();
            assertThat(held.get("outcome")).isEqualTo("DEFERRED_QUIET_HOURS");
            Instant release = ((java.sql.Timestamp) held.get("release_at")).toInstant();
            assertThat(release.atZone(java.time.ZoneId.of(asleep)).toLocalTime()).isEqualTo(java.time.LocalTime.of(8, 0));
            TransactionTemplate tx = app.getBean(TransactionTemplate.class);
            CampaignDecisions decisions = app.getBean(CampaignDecisions.class);
            Integer early = tx.execute(s -> decisions.releaseDeferred(release.minusSeconds(60), 100));
            assertThat(early).isZero();
            Integer released = tx.execute(s -> decisions.releaseDeferred(release, 100));
            assertThat(released).isEqualTo(1);
            // Released (here at a simulated 08:00): decided again, sent, and due in the outbox at its release time.
            Map<String, Object> sentLater = jdbc.sql("SELECT m.outcome, m.first_outcome, o.next_attempt_at FROM "
                    + "campaign_message m JOIN message_outbox o USING (message_id) WHERE m.user_id = 'cy'").query()
                    .singleRow();
            assertThat(sentLater.get("outcome")).isEqualTo("SENT");
            assertThat(sentLater.get("first_outcome")).isEqualTo("DEFERRED_QUIET_HOURS");
            assertThat(((java.sql.Timestamp) sentLater.get("next_attempt_at")).toInstant()).isEqualTo(release);

            // SMS: a 400 is a dead letter (communication_delivery_failed) until an admin retries it.
            assertThat(decider.send("PUT", "/api/v1/users/ed/contact", "{\"time_zone\": \"" + awake + "\", \"phone\": "
                    + "\"+4915112345678\", \"consents\": [{\"channel\": \"SMS\", \"status\": \"GRANTED\", "
                    + "\"text_version\": \"v1\", \"source\": \"checkout\"}]}").statusCode()).isEqualTo(200);
            assertThat(analyst.postJson("/api/v1/campaigns", campaign("win-back", "WIN_BACK", "CANCELLED", "SMS",
                    "Come back: 20% off. Reply STOP to opt out").toString()).statusCode()).isEqualTo(201);
            assertThat(analyst.post("/api/v1/campaigns/win-back/launch").statusCode()).isEqualTo(200);
            decider.postJson("/api/v1/subscriptions/events", event("s-ed-1", "ed", "SUBSCRIBED", now.minusSeconds(60)));
            decider.postJson("/api/v1/subscriptions/events", event("s-ed-2", "ed", "CANCELLED", now));
            await("the SMS dead letter", () -> "DEAD".equals(delivery(jdbc, "win-back", "ed")));
            JsonNode dead = ApiClient.body(analyst.get("/api/v1/campaigns/win-back/performance"));
            assertThat(dead.path("failed").asInt()).isEqualTo(1);
            assertThat(dead.path("failures").get(0).path("code").asText()).isEqualTo("communication_delivery_failed");
            assertThat(dead.path("failures").get(0).path("error").asText()).contains("400");
            hooks.stubFor(post(urlPathEqualTo("/sms")).willReturn(aResponse().withStatus(200)));
            assertThat(analyst.post("/api/v1/campaigns/deliveries/retry").statusCode()).isEqualTo(403);
            assertThat(ApiClient.body(admin.post("/api/v1/campaigns/deliveries/retry")).path("requeued").asInt())
                    .isEqualTo(1);
            await("the SMS delivered", () -> "DELIVERED".equals(delivery(jdbc, "win-back", "ed")));

            // In-app: the third benefit use of a SILVER member reaches the inbox once.
            assertThat(decider.send("PUT", "/api/v1/users/di/contact", "{\"time_zone\": \"UTC\"}").statusCode())
                    .isEqualTo(200);
            assertThat(analyst.postJson("/api/v1/campaigns", campaign("benefit-unlock", "BENEFIT_UNLOCK",
                    "BENEFIT_USED", "IN_APP", "You used {benefit} three times: Gold unlocks it unlimited").toString())
                    .statusCode()).isEqualTo(201);
            assertThat(analyst.post("/api/v1/campaigns/benefit-unlock/launch").statusCode()).isEqualTo(200);
            for (int i = 0; i < 3; i++) {
                decider.postJson("/api/v1/events", behaviour("b-di" + i, "di", "BENEFIT_USED", now.minusSeconds(5 - i)));
            }
            await("the in-app message", () -> ApiClient.body(decider.get("/api/v1/users/di/inbox")).path("messages")
                    .size() == 1);
            assertThat(ApiClient.body(decider.get("/api/v1/users/di/inbox")).path("messages").get(0).path("body")
                    .asText()).isEqualTo("You used free-shipping three times: Gold unlocks it unlimited");

            // Caps across the night New York's clocks go back (1 Nov 2026, a 25-hour day): the calendar-day cap
            // counts both messages of that local day although 23h50m apart; the rolling week counts 168 hours.
            assertThat(analyst.postJson("/api/v1/campaigns", campaign("digest", "RETENTION", "PAGE_VIEW", "EMAIL",
                    "Picked for you {unsubscribe_url}").toString()).statusCode()).isEqualTo(201);
            assertThat(analyst.post("/api/v1/campaigns/digest/launch").statusCode()).isEqualTo(200);
            assertThat(decider.send("PUT", "/api/v1/users/ny/contact", "{\"time_zone\": \"America/New_York\", "
                    + "\"email\": \"ny@example.com\"}").statusCode()).isEqualTo(200);
            String[][] nights = {
                {"2026-11-01T04:30:00Z", "SENT"}, // 00:30 EDT, 1 Nov
                {"2026-11-02T04:20:00Z", "SENT"}, // 23:20 EST, still 1 Nov
                {"2026-11-02T04:50:00Z", "SUPPRESSED_FREQUENCY_CAP"}, // 23:50 EST, 1 Nov: third of the day
                {"2026-11-02T05:10:00Z", "SENT"}, // 00:10 EST, 2 Nov: a new day
                {"2026-11-04T12:00:00Z", "SENT"}, // 4 in the week
                {"2026-11-06T12:00:00Z", "SENT"}, // 5 in the week
                {"2026-11-07T12:00:00Z", "SUPPRESSED_FREQUENCY_CAP"}, // the sixth within 168 hours
                {"2026-11-08T05:40:00Z", "SENT"}, // 168 h after the first: it has left the week
            };
            for (int i = 0; i < nights.length; i++) {
                Instant at = Instant.parse(nights[i][0]);
                TriggerEvent e = new TriggerEvent("pv-ny-" + i, "ny", "PAGE_VIEW", "", "", "", "UNKNOWN", "", 0, 0, 0,
                        -1, 1);
                CampaignDecisions.Summary s = tx.execute(st -> decisions.decide(List.of(
                        CampaignDecisions.Trigger.routed(e, Map.of())), at));
                assertThat(s.outcomes()).as(nights[i][0]).containsOnlyKeys(nights[i][1]);
            }
            Map<String, Object> cap = jdbc.sql("SELECT rule, reason FROM campaign_message WHERE trigger_key = 'pv-ny-2'")
                    .query().singleRow();
            assertThat(cap.get("rule")).asString().contains("at most 2 marketing emails per calendar day");
            assertThat(jdbc.sql("SELECT rule FROM campaign_message WHERE trigger_key = 'pv-ny-6'").query(String.class)
                    .single()).contains("at most 5 marketing emails per rolling week");

            // A recipient whose stored details cannot be read fails alone: the batch is taken apart, the other event
            // is decided, the bad one stays in the queue marked failed and is counted.
            assertThat(decider.send("PUT", "/api/v1/users/zed/contact", "{\"time_zone\": \"UTC\", \"email\": "
                    + "\"zed@example.com\"}").statusCode()).isEqualTo(200);
            assertThat(decider.send("PUT", "/api/v1/users/una/contact", "{\"time_zone\": \"UTC\", \"email\": "
                    + "\"una@example.com\"}").statusCode()).isEqualTo(200);
            jdbc.sql("UPDATE contact SET time_zone = 'Mars/Olympus_Mons' WHERE user_id = 'zed'").update();
            decider.postJson("/api/v1/events", "{\"events\": [" + behaviour("pv-zed", "zed", "PAGE_VIEW", now)
                    .replace("{\"events\": [", "").replace("]}", "") + "," + behaviour("pv-una", "una", "PAGE_VIEW", now)
                    .replace("{\"events\": [", "").replace("]}", "") + "]}");
            await("the good event decided", () -> jdbc.sql("SELECT count(*) FROM campaign_message WHERE trigger_key = "
                    + "'pv-una'").query(Long.class).single() == 1);
            assertThat(jdbc.sql("SELECT count(*) FROM campaign_trigger_queue WHERE event_id = 'pv-zed' AND failed_at IS "
                    + "NOT NULL").query(Long.class).single()).isEqualTo(1);
            assertThat(ApiClient.body(analyst.get("/api/v1/campaigns/deliveries")).path("failed_events").asLong())
                    .isEqualTo(1);

            // Price-change notices: an increase 40 days ahead is sent, one 10 days ahead is blocked.
            assertThat(decider.send("PUT", "/api/v1/users/fay/contact", "{\"email\": \"fay@example.com\"}")
                    .statusCode()).isEqualTo(200);
            assertThat(decider.send("PUT", "/api/v1/users/gus/contact", "{\"email\": \"gus@example.com\"}")
                    .statusCode()).isEqualTo(200);
            CampaignMessages messages = app.getBean(CampaignMessages.class);
            LocalDate today = Instant.now().atZone(ZoneOffset.UTC).toLocalDate();
            UUID change = UUID.randomUUID();
            Map<String, Integer> notices = tx.execute(s -> messages.notices(change, List.of(
                    new CampaignMessages.Notice("fay", "basic", new BigDecimal("8.99"), new BigDecimal("9.99"), "USD",
                            today.plusDays(40)),
                    new CampaignMessages.Notice("gus", "basic", new BigDecimal("8.99"), new BigDecimal("9.99"), "USD",
                            today.plusDays(10)))));
            assertThat(notices).containsEntry("SENT", 2).containsEntry("BLOCKED_COMPLIANCE", 2);
            assertThat(jdbc.sql("SELECT outcome FROM campaign_message WHERE user_id = 'gus' AND channel = 'EMAIL'")
                    .query(String.class).single()).isEqualTo("BLOCKED_COMPLIANCE");
            await("the notice email", () -> java.util.Arrays.stream(smtp.getReceivedMessages()).anyMatch(m -> {
                try {
                    return m.getAllRecipients()[0].toString().equals("fay@example.com")
                            && ((String) m.getContent()).contains("will cost 9.99 USD instead of 8.99 USD from your "
                            + "renewal on " + today.plusDays(40));
                } catch (Exception ex) {
                    return false;
                }
            }));
            Map<String, Integer> again = tx.execute(s -> messages.notices(change, List.of(new CampaignMessages.Notice(
                    "fay", "basic", new BigDecimal("8.99"), new BigDecimal("9.99"), "USD", today.plusDays(40)))));
            assertThat(again).as("a change's notices are decided once").isEmpty();

            // Holdout and lift: 400 subscribers, a fifth held out; those sent convert more.
            ObjectNode onboarding = campaign("onboarding", "ONBOARDING", "SUBSCRIBED", "IN_APP", "Start here");
            onboarding.putObject("holdout").put("share", 0.2).put("seed", "onboarding-holdout");
            onboarding.putObject("attribution").put("window_days", 7).put("conversion_event", "PURCHASE");
            onboarding.putObject("cost").putObject("per_message").put("IN_APP", 0.05);
            assertThat(analyst.send("PUT", "/api/v1/campaigns/welcome", welcome.toString()).statusCode()).isEqualTo(409);
            folders.setCell(TABLE, "Triggers", "I10", "onboarding");
            folders.setCell(TABLE, "Triggers", "J10", "IN_APP");
            folders.setCell(TABLE, "Triggers", "K10", 0);
            assertThat(ApiClient.body(admin.post("/api/v1/rulesets/reload")).path("activated").asBoolean()).isTrue();
            assertThat(analyst.postJson("/api/v1/campaigns", onboarding.toString()).statusCode()).isEqualTo(201);
            assertThat(analyst.post("/api/v1/campaigns/onboarding/launch").statusCode()).isEqualTo(200);
            java.util.Random random = new java.util.Random(5);
            for (int i = 0; i < 400; i++) {
                decider.send("PUT", "/api/v1/users/n" + i + "/contact", "{\"time_zone\": \"UTC\"}");
            }
            StringBuilder subs = new StringBuilder("{\"events\": [");
            for (int i = 0; i < 400; i++) {
                subs.append(i == 0 ? "" : ",").append(event("n-s-" + i, "n" + i, "SUBSCRIBED", now)
                        .replace("{\"events\": [", "").replace("]}", ""));
            }
            decider.postJson("/api/v1/subscriptions/events", subs.append("]}").toString());
            await("the onboarding decisions", () -> jdbc.sql("SELECT count(*) FROM campaign_message WHERE campaign_key "
                    + "= 'onboarding'").query(Long.class).single() == 400);
            List<Map<String, Object>> arms = jdbc.sql("SELECT user_id, outcome, decided_at FROM campaign_message WHERE "
                    + "campaign_key = 'onboarding' ORDER BY user_id").query().listOfRows();
            StringBuilder purchases = new StringBuilder("{\"events\": [");
            int n = 0;
            long[] bought = new long[2];
            for (Map<String, Object> a : arms) {
                boolean sent = "SENT".equals(a.get("outcome"));
                if (random.nextDouble() < (sent ? 0.6 : 0.2)) {
                    bought[sent ? 0 : 1]++;
                    Instant at = ((java.sql.Timestamp) a.get("decided_at")).toInstant().plusSeconds(5);
                    if (at.isAfter(Instant.now())) {
                        Thread.sleep(Duration.between(Instant.now(), at).toMillis() + 10);
                    }
                    purchases.append(n++ == 0 ? "" : ",").append(behaviour("buy-" + a.get("user_id"),
                            (String) a.get("user_id"), "PURCHASE", at).replace("{\"events\": [", "").replace("]}", ""));
                }
            }
            decider.postJson("/api/v1/events", purchases.append("]}").toString());
            JsonNode perf = ApiClient.body(analyst.get("/api/v1/campaigns/onboarding/performance"));
            long holdout = perf.path("holdout").asLong();
            assertThat(holdout).isBetween(50L, 110L);
            assertThat(perf.path("sent").asLong()).isEqualTo(400 - holdout);
            assertThat(perf.path("treated").path("users").asLong()).isEqualTo(400 - holdout);
            assertThat(perf.path("holdout_arm").path("users").asLong()).isEqualTo(holdout);
            // Every generated purchase within the window is attributed to its arm, and the lift is their difference.
            assertThat(perf.path("treated").path("converted").asLong()).isEqualTo(bought[0]);
            assertThat(perf.path("holdout_arm").path("converted").asLong()).isEqualTo(bought[1]);
            double realized = (double) bought[0] / (400 - holdout) - (double) bought[1] / holdout;
            JsonNode lift = perf.path("lift");
            assertThat(lift.path("absolute").asDouble()).isCloseTo(realized, org.assertj.core.data.Offset.offset(1e-4));
            assertThat(lift.path("significant").asBoolean()).isTrue();
            assertThat(lift.path("low").asDouble()).isGreaterThan(0).isLessThan(realized);
            assertThat(lift.path("high").asDouble()).isGreaterThan(realized);
            assertThat(perf.path("cost").decimalValue()).isEqualByComparingTo(BigDecimal.valueOf(400 - holdout)
                    .multiply(new BigDecimal("0.05")));
            long daily = 0;
            for (JsonNode d : perf.path("daily")) {
                daily += d.path("candidates").asLong();
            }
            assertThat(daily).isEqualTo(400);
            await("in-app deliveries", () -> ApiClient.body(analyst.get("/api/v1/campaigns/onboarding/performance"))
                    .path("delivered").asLong() == 400 - holdout);
        } finally {
            hooks.stop();
            smtp.stop();
        }
    }

    /** An Etc/GMT zone where the local hour now is {@code hour}. */
    static String zoneWhereLocalHourIs(Instant now, int hour) {
        int utc = now.atZone(ZoneOffset.UTC).getHour();
        int offset = Math.floorMod(hour - utc + 12, 24) - 12;
        // Etc/GMT signs are inverted: Etc/GMT-2 is UTC+2.
        return offset == 0 ? "Etc/UTC" : "Etc/GMT" + (offset > 0 ? "-" : "+") + Math.abs(offset);
    }

    static String delivery(JdbcClient jdbc, String campaign, String user) {
        return jdbc.sql("SELECT o.status FROM message_outbox o JOIN campaign_message m USING (message_id) WHERE "
                + "m.campaign_key = :c AND m.user_id = :u").param("c", campaign).param("u", user).query(String.class)
                .optional().orElse(null);
    }
}
