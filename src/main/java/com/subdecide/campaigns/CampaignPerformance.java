package com.subdecide.campaigns;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.subdecide.campaigns.domain.MessageCandidate;
import com.subdecide.experiments.stats.Comparison;
import com.subdecide.experiments.stats.Moments;
import com.subdecide.experiments.stats.Tests;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * A campaign's performance from its log, its outbox and the events that followed: candidates by outcome and
 * reason, delivered, opened and clicked (EMAIL_OPEN / EMAIL_CLICK events whose {@code category} is the campaign's
 * key), conversions within the attribution window for those sent and for the holdout, the lift with its 95%
 * interval (the experiments engine's Welch test on the two proportions), revenue per user in each group, cost and
 * ROI, and a daily series.
 */
@Service
public class CampaignPerformance {

    public record Arm(long users, long converted, double conversionRate, BigDecimal revenue,
            BigDecimal revenuePerUser) {
    }

    public record Lift(double absolute, Double relative, double low, double high, double pValue, boolean significant,
            String method) {
    }

    public record Day(String day, long candidates, long sent, long suppressed, long holdout, long delivered,
            long conversions) {
    }

    public record Failure(String code, String messageId, String channel, String userId, String error) {
    }

    public record Performance(String campaignKey, String status, long candidates, long sent, long deferred,
            long deferredNow, long holdout, Map<String, Long> suppressed, Map<String, Long> outcomes, long delivered,
            long pendingDelivery, long failed, List<Failure> failures, long opened, long clicked, int windowDays,
            String conversionEvent, Arm treated, Arm holdoutArm, Lift lift, BigDecimal cost, BigDecimal offersCost,
            BigDecimal incrementalRevenue, Double roi, List<Day> daily) {
    }

    private final Campaigns campaigns;
    private final JdbcClient jdbc;
    private final ObjectMapper json;

    CampaignPerformance(Campaigns campaigns, JdbcClient jdbc, ObjectMapper json) {
        this.campaigns = campaigns;
        this.jdbc = jdbc;
        this.json = json;
    }

    public Performance of(String key) {
        Campaigns.Campaign c = campaigns.find(key);
        CampaignDefinition d = CampaignDefinition.read(c.definition(), json);
        Map<String, Long> outcomes = new LinkedHashMap<>();
        MessageCandidate.OUTCOMES.forEach(o -> outcomes.put(o, 0L));
        long[] deferred = new long[1];
        jdbc.sql("SELECT outcome, first_outcome, count(*) AS n FROM campaign_message WHERE campaign_key = :k "
                + "GROUP BY outcome, first_outcome").param("k", key).query(rs -> {
                    outcomes.merge(rs.getString("outcome"), rs.getLong("n"), Long::sum);
                    if ("DEFERRED_QUIET_HOURS".equals(rs.getString("first_outcome"))) {
                        deferred[0] += rs.getLong("n");
                    }
                });
        long candidates = outcomes.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Long> suppressed = new LinkedHashMap<>();
        outcomes.forEach((o, n) -> {
            if (o.startsWith("SUPPRESSED_") || o.equals("BLOCKED_COMPLIANCE")) {
                suppressed.put(o, n);
            }
        });
        Map<String, Long> delivery = new LinkedHashMap<>();
        jdbc.sql("SELECT o.status, count(*) AS n FROM message_outbox o JOIN campaign_message m USING (message_id) "
                + "WHERE m.campaign_key = :k GROUP BY o.status").param("k", key)
                .query(rs -> {
                    delivery.put(rs.getString("status"), rs.getLong("n"));
                });
        List<Failure> failures = jdbc.sql("""
                SELECT o.message_id, o.channel, o.user_id, o.last_error FROM message_outbox o
                JOIN campaign_message m USING (message_id) WHERE m.campaign_key = :k AND o.status = 'DEAD'
                ORDER BY o.created_at LIMIT 20""").param("k", key)
                .query((rs, n) -> new Failure("communication_delivery_failed", rs.getString(1), rs.getString(2),
                        rs.getString(3), rs.getString(4))).list();
        long[] engaged = new long[2];
        jdbc.sql("""
                WITH sent AS (SELECT user_id, min(decided_at) AS at FROM campaign_message
                              WHERE campaign_key = :k AND outcome = 'SENT' GROUP BY user_id)
                SELECT count(DISTINCT e.user_id) FILTER (WHERE e.type = 'EMAIL_OPEN'),
                       count(DISTINCT e.user_id) FILTER (WHERE e.type = 'EMAIL_CLICK')
                FROM sent s JOIN benefit_event e ON e.user_id = s.user_id AND e.category = :k
                     AND e.type IN ('EMAIL_OPEN', 'EMAIL_CLICK') AND e.occurred_at >= s.at""").param("k", key)
                .query(rs -> {
                    engaged[0] = rs.getLong(1);
                    engaged[1] = rs.getLong(2);
                });
        boolean subscription = CampaignDefinition.SUBSCRIPTION_CONVERSIONS.contains(d.conversionEvent());
        String events = subscription ? "subscription_event" : "benefit_event";
        String user = subscription ? "customer_id" : "user_id";
        String amount = subscription ? "price" : "amount";
        Map<Boolean, Arm> arms = new LinkedHashMap<>();
        jdbc.sql("""
                WITH arms AS (
                    SELECT user_id, min(decided_at) AS at, bool_or(outcome = 'SENT') AS treated FROM campaign_message
                    WHERE campaign_key = :k AND outcome IN ('SENT', 'HOLDOUT') GROUP BY user_id),
                outcomes AS (
                    SELECT a.treated, count(e.%s) > 0 AS converted, coalesce(sum(e.%s), 0) AS revenue
                    FROM arms a LEFT JOIN %s e ON e.%s = a.user_id AND e.type = :event AND e.occurred_at > a.at
                         AND e.occurred_at <= a.at + make_interval(days => :days)
                    GROUP BY a.user_id, a.treated)
                SELECT treated, count(*) AS users, count(*) FILTER (WHERE converted) AS converted,
                       sum(revenue) AS revenue
                FROM outcomes GROUP BY treated""".formatted(user, amount, events, user)).param("k", key)
                .param("event", d.conversionEvent()).param("days", d.attributionDays()).query(rs -> {
                    long n = rs.getLong("users");
                    long conv = rs.getLong("converted");
                    BigDecimal revenue = rs.getBigDecimal("revenue").setScale(2, RoundingMode.HALF_UP);
                    arms.put(rs.getBoolean("treated"), new Arm(n, conv, n == 0 ? 0 : round((double) conv / n, 4),
                            revenue, n == 0 ? BigDecimal.ZERO : revenue.divide(BigDecimal.valueOf(n), 2,
                                    RoundingMode.HALF_UP)));
                });
        Arm treated = arms.getOrDefault(true, new Arm(0, 0, 0, BigDecimal.ZERO, BigDecimal.ZERO));
        Arm held = arms.getOrDefault(false, new Arm(0, 0, 0, BigDecimal.ZERO, BigDecimal.ZERO));
        Lift lift = null;
        Comparison cmp = Tests.fixedHorizon(Moments.ofProportion(held.users(), held.converted()),
                Moments.ofProportion(treated.users(), treated.converted()), false, 0.05);
        if (cmp.valid()) {
            Comparison rel = Tests.fixedHorizon(Moments.ofProportion(held.users(), held.converted()),
                    Moments.ofProportion(treated.users(), treated.converted()), true, 0.05);
            lift = new Lift(round(cmp.estimate(), 4), rel.valid() ? round(rel.estimate(), 4) : null,
                    round(cmp.low(), 4), round(cmp.high(), 4), round(cmp.pValue(), 4), cmp.significant(),
                    "Welch t-test on the conversion proportions, sent vs holdout, 95% interval");
        }
        BigDecimal messageCost = BigDecimal.ZERO;
        Map<String, Long> sentByChannel = new LinkedHashMap<>();
        jdbc.sql("SELECT channel, count(*) FROM campaign_message WHERE campaign_key = :k AND outcome = 'SENT' "
                + "GROUP BY channel").param("k", key).query(rs -> {
                    sentByChannel.put(rs.getString(1), rs.getLong(2));
                });
        for (Map.Entry<String, Long> e : sentByChannel.entrySet()) {
            messageCost = messageCost.add(d.costPerMessage().getOrDefault(e.getKey(), BigDecimal.ZERO)
                    .multiply(BigDecimal.valueOf(e.getValue())));
        }
        BigDecimal offersCost = jdbc.sql("SELECT coalesce(sum((offer->>'cost')::numeric), 0) FROM campaign_message "
                + "WHERE campaign_key = :k AND outcome = 'SENT' AND offer IS NOT NULL").param("k", key)
                .query(BigDecimal.class).single().setScale(2, RoundingMode.HALF_UP);
        BigDecimal cost = messageCost.add(offersCost).setScale(2, RoundingMode.HALF_UP);
        BigDecimal incremental = held.users() == 0 ? null : treated.revenuePerUser().subtract(held.revenuePerUser())
                .multiply(BigDecimal.valueOf(treated.users())).setScale(2, RoundingMode.HALF_UP);
        Double roi = incremental == null || cost.signum() == 0 ? null
                : round(incremental.subtract(cost).divide(cost, 6, RoundingMode.HALF_UP).doubleValue(), 4);
        return new Performance(key, c.status(), candidates, outcomes.get("SENT"), deferred[0],
                outcomes.get("DEFERRED_QUIET_HOURS"), outcomes.get("HOLDOUT"), suppressed, outcomes,
                delivery.getOrDefault("DELIVERED", 0L), delivery.getOrDefault("PENDING", 0L)
                        + delivery.getOrDefault("SENDING", 0L), delivery.getOrDefault("DEAD", 0L), failures,
                engaged[0], engaged[1], d.attributionDays(), d.conversionEvent(), treated, held, lift, cost, offersCost,
                incremental, roi, daily(key, d, events, user));
    }

    private List<Day> daily(String key, CampaignDefinition d, String events, String user) {
        List<Day> days = new ArrayList<>();
        jdbc.sql("""
                WITH m AS (SELECT m.*, o.status AS delivery FROM campaign_message m
                           LEFT JOIN message_outbox o USING (message_id) WHERE m.campaign_key = :k),
                conv AS (
                    SELECT (m.decided_at AT TIME ZONE 'UTC')::date AS day, count(DISTINCT m.user_id) AS n FROM m
                    JOIN %s e ON e.%s = m.user_id AND e.type = :event AND e.occurred_at > m.decided_at
                         AND e.occurred_at <= m.decided_at + make_interval(days => :days)
                    WHERE m.outcome = 'SENT' GROUP BY 1)
                SELECT (m.first_decided_at AT TIME ZONE 'UTC')::date AS day, count(*) AS candidates,
                       count(*) FILTER (WHERE outcome = 'SENT') AS sent,
                       count(*) FILTER (WHERE outcome LIKE 'SUPPRESSED_%%' OR outcome = 'BLOCKED_COMPLIANCE') AS suppressed,
                       count(*) FILTER (WHERE outcome = 'HOLDOUT') AS holdout,
                       count(*) FILTER (WHERE delivery = 'DELIVERED') AS delivered,
                       coalesce(max(conv.n), 0) AS conversions
                FROM m LEFT JOIN conv ON conv.day = (m.first_decided_at AT TIME ZONE 'UTC')::date
                GROUP BY 1 ORDER BY 1""".formatted(events, user)).param("k", key).param("event", d.conversionEvent())
                .param("days", d.attributionDays()).query(rs -> {
                    days.add(new Day(rs.getObject("day", LocalDate.class).toString(), rs.getLong("candidates"),
                            rs.getLong("sent"), rs.getLong("suppressed"), rs.getLong("holdout"),
                            rs.getLong("delivered"), rs.getLong("conversions")));
                });
        return days;
    }

    private static double round(double v, int places) {
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }
}
