package com.subdecide.campaigns;

import com.subdecide.campaigns.domain.TriggerEvent;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The campaigns area's API to the others and to readers of its log: price-change notices (sent through the
 * standing {@code price-change-notice} campaign, within the price change's transaction), the decision log of a
 * campaign, a user's in-app inbox, and the delivery outbox's state with its dead letters.
 */
@Service
public class CampaignMessages {

    /** One customer's notice of a price change: their plan, the prices, and the renewal the new price reaches. */
    public record Notice(String customerId, String planId, BigDecimal oldPrice, BigDecimal newPrice, String currency,
            LocalDate effectiveFrom) {
    }

    /** One logged candidate; every field is always written (null where it does not apply). */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
    public record Message(String messageId, String campaignKey, String userId, String channel, String triggerKey,
            String triggerType, String outcome, String firstOutcome, String reason, String rule, String source,
            String experimentKey, String variant, Map<String, Object> offer, Instant releaseAt, Instant decidedAt,
            String delivery, Instant deliveredAt, String deliveryError) {
    }

    public record InboxMessage(String messageId, String subject, String body, String ctaText, String ctaUrl,
            Instant createdAt, Instant readAt) {
    }

    /** The outbox now; every field is always written ({@code next_attempt_at} is null with nothing pending). */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
    public record DeliveryStatus(long pending, long sending, long delivered, long dead,
            List<CampaignPerformance.Failure> failures, Instant nextAttemptAt) {
    }

    private final CampaignDecisions decisions;
    private final CampaignTriggers triggers;
    private final Campaigns campaigns;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final com.fasterxml.jackson.databind.ObjectMapper json;

    CampaignMessages(CampaignDecisions decisions, CampaignTriggers triggers, Campaigns campaigns, JdbcClient jdbc,
            Clock clock, com.fasterxml.jackson.databind.ObjectMapper json) {
        this.decisions = decisions;
        this.triggers = triggers;
        this.campaigns = campaigns;
        this.jdbc = jdbc;
        this.clock = clock;
        this.json = json;
    }

    /**
     * Decides the notices of a price change, one per customer and channel of the notice campaign, in the caller's
     * transaction (so the change and its notices commit together); a change's notices are decided once.
     */
    public Map<String, Integer> notices(UUID changeId, List<Notice> notices) {
        Campaigns.Live campaign = campaigns.noticeCampaign();
        Instant now = clock.instant();
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        List<CampaignDecisions.Trigger> triggers = new ArrayList<>();
        for (Notice n : notices) {
            List<CampaignDecisions.Target> targets = new ArrayList<>();
            for (String channel : campaign.definition().channels()) {
                targets.add(new CampaignDecisions.Target(campaign.key(), channel, 0, Integer.MAX_VALUE, null, null));
            }
            Map<String, String> values = new HashMap<>();
            values.put("plan", n.planId());
            values.put("price", n.newPrice().toPlainString() + " " + n.currency());
            values.put("old_price", n.oldPrice() == null ? "" : n.oldPrice().toPlainString() + " " + n.currency());
            values.put("effective_date", n.effectiveFrom().toString());
            TriggerEvent event = new TriggerEvent("price-change:" + changeId, n.customerId(), "PRICE_CHANGE", "",
                    n.planId(), "", "UNKNOWN", "", 0, 0, 0, 0, 1);
            boolean increase = n.oldPrice() != null && n.newPrice().compareTo(n.oldPrice()) > 0;
            triggers.add(new CampaignDecisions.Trigger(event, values, targets, increase,
                    (int) ChronoUnit.DAYS.between(today, n.effectiveFrom())));
        }
        return decisions.decide(triggers, now).outcomes();
    }

    /** What a sweep did: the day it counts as, users read, candidates by outcome, and how long it took. */
    public record SweepResult(String day, int users, int candidates, Map<String, Integer> outcomes, long millis) {
    }

    /** Runs the time-based triggers now (the schedule runs them daily); a second run on one day sends nothing new. */
    public SweepResult sweep() {
        CampaignTriggers.Sweep s = triggers.sweep(clock.instant());
        return new SweepResult(s.day(), s.users(), s.candidates(), s.outcomes(), s.millis());
    }

    /** Events accepted but not yet evaluated by the triggers. */
    public long queued() {
        return triggers.queued();
    }

    /** Events whose trigger evaluation failed on its own (left in the queue, marked failed, logged). */
    public long failedEvents() {
        return triggers.failed();
    }

    /** A campaign's decision log, newest first, optionally for one user or one outcome. */
    public List<Message> log(String campaignKey, String userId, String outcome, int limit) {
        campaigns.find(campaignKey);
        return jdbc.sql("""
                SELECT m.*, m.offer::text AS offer_json, o.status AS delivery, o.delivered_at, o.last_error
                FROM campaign_message m LEFT JOIN message_outbox o USING (message_id)
                WHERE m.campaign_key = :k AND (CAST(:user AS text) IS NULL OR m.user_id = :user)
                  AND (CAST(:outcome AS text) IS NULL OR m.outcome = :outcome)
                ORDER BY m.first_decided_at DESC, m.message_id LIMIT :limit""").param("k", campaignKey)
                .param("user", userId).param("outcome", outcome).param("limit", limit)
                .query((rs, n) -> new Message(rs.getString("message_id"), rs.getString("campaign_key"),
                        rs.getString("user_id"), rs.getString("channel"), rs.getString("trigger_key"),
                        rs.getString("trigger_type"), rs.getString("outcome"), rs.getString("first_outcome"),
                        rs.getString("reason"), rs.getString("rule"), rs.getString("source"),
                        rs.getString("experiment_key"), rs.getString("variant"), map(rs.getString("offer_json")),
                        instant(rs.getTimestamp("release_at")), instant(rs.getTimestamp("decided_at")),
                        rs.getString("delivery"), instant(rs.getTimestamp("delivered_at")), rs.getString("last_error")))
                .list();
    }

    /** A user's in-app messages, newest first. */
    public List<InboxMessage> inbox(String userId, int limit) {
        return jdbc.sql("SELECT * FROM inbox_message WHERE user_id = :u ORDER BY created_at DESC, message_id LIMIT :n")
                .param("u", userId).param("n", limit)
                .query((rs, n) -> new InboxMessage(rs.getString("message_id"), rs.getString("subject"),
                        rs.getString("body"), rs.getString("cta_text"), rs.getString("cta_url"),
                        instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("read_at")))).list();
    }

    public DeliveryStatus deliveries() {
        Map<String, Long> counts = new HashMap<>();
        jdbc.sql("SELECT status, count(*) FROM message_outbox GROUP BY status").query(rs -> {
            counts.put(rs.getString(1), rs.getLong(2));
        });
        List<CampaignPerformance.Failure> failures = jdbc.sql("""
                SELECT message_id, channel, user_id, last_error FROM message_outbox WHERE status = 'DEAD'
                ORDER BY created_at, message_id LIMIT 100""")
                .query((rs, n) -> new CampaignPerformance.Failure("communication_delivery_failed", rs.getString(1),
                        rs.getString(2), rs.getString(3), rs.getString(4))).list();
        Instant next = jdbc.sql("SELECT min(next_attempt_at) FROM message_outbox WHERE status = 'PENDING'")
                .query((rs, n) -> instant(rs.getTimestamp(1))).list().get(0);
        return new DeliveryStatus(counts.getOrDefault("PENDING", 0L), counts.getOrDefault("SENDING", 0L),
                counts.getOrDefault("DELIVERED", 0L), counts.getOrDefault("DEAD", 0L), failures, next);
    }

    /** Dead letters back in the queue (ADMIN, once the cause is fixed), under their message ids. */
    public int retryDead() {
        return jdbc.sql("UPDATE message_outbox SET status = 'PENDING', attempts = 0, next_attempt_at = :now "
                + "WHERE status = 'DEAD'").param("now", Timestamp.from(clock.instant())).update();
    }

    private Map<String, Object> map(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {
            });
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
