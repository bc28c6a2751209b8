package com.subdecide.campaigns;

import com.subdecide.campaigns.domain.TriggerEvent;
import com.subdecide.customers.ChurnModels;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the trigger table reads about the users of a batch, in a few reads for the whole batch: their current
 * subscription (plan, price, segment, since when), membership tier, latest activity, events of the type in the 30
 * days up to each event; and, for the users a row asks about, the churn-risk level from the trained model.
 */
@Component
class TriggerFacts {

    /** An event as queued for the triggers. */
    record Queued(String eventId, String source, String userId, String type, Instant occurredAt, BigDecimal amount,
            String category, String planId, String segment, String benefitId) {
    }

    private record Subscription(String planId, BigDecimal price, String currency, String segment, boolean active,
            Instant since) {
    }

    private static final int NO_ACTIVITY = 100_000;

    private final JdbcClient jdbc;
    private final ChurnModels churn;

    TriggerFacts(JdbcClient jdbc, ChurnModels churn) {
        this.jdbc = jdbc;
        this.churn = churn;
    }

    /** One trigger per queued event. */
    List<CampaignDecisions.Trigger> of(List<Queued> events, Instant now) {
        Set<String> users = new LinkedHashSet<>();
        events.forEach(e -> users.add(e.userId()));
        Facts f = read(users, events.stream().map(Queued::eventId).toArray(String[]::new), now);
        Map<String, Integer> counts = counts(events);
        List<CampaignDecisions.Trigger> triggers = new ArrayList<>(events.size());
        for (Queued e : events) {
            Subscription s = f.subscriptions.get(e.userId());
            String segment = e.segment() != null ? e.segment() : s == null ? null : s.segment();
            String plan = e.planId() != null ? e.planId() : s == null ? null : s.planId();
            double age = Math.max(0, Duration.between(e.occurredAt(), now).toMillis() / 3_600_000.0);
            TriggerEvent fact = new TriggerEvent(e.eventId(), e.userId(), e.type(), nz(segment), nz(plan),
                    nz(f.tiers.get(e.userId())), null, nz(e.category()),
                    e.amount() == null ? 0 : e.amount().doubleValue(), age, f.idleDays(e.userId(), now),
                    f.subscribedDays(e.userId(), now), counts.getOrDefault(e.eventId(), 1));
            triggers.add(CampaignDecisions.Trigger.routed(fact, values(s, e.benefitId(), plan)));
        }
        return triggers;
    }

    /** One {@code SWEEP} reading per user, keyed by the sweep's day so a day's sweep triggers once. */
    List<CampaignDecisions.Trigger> sweep(List<String> users, String day, Instant now) {
        Facts f = read(users, new String[0], now);
        List<CampaignDecisions.Trigger> triggers = new ArrayList<>(users.size());
        for (String u : users) {
            Subscription s = f.subscriptions.get(u);
            TriggerEvent fact = new TriggerEvent("sweep:" + day, u, "SWEEP", nz(s == null ? null : s.segment()),
                    nz(s == null ? null : s.planId()), nz(f.tiers.get(u)), null, "", 0,
                    0, f.idleDays(u, now), f.subscribedDays(u, now), 0);
            triggers.add(CampaignDecisions.Trigger.routed(fact, values(s, null, s == null ? null : s.planId())));
        }
        return triggers;
    }

    private static Map<String, String> values(Subscription s, String benefit, String plan) {
        Map<String, String> values = new HashMap<>();
        if (plan != null) {
            values.put("plan", plan);
        }
        if (s != null && s.price() != null) {
            values.put("price", s.price().toPlainString() + (s.currency() == null ? "" : " " + s.currency()));
        }
        if (benefit != null) {
            values.put("benefit", benefit);
        }
        return values;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private final class Facts {
        final Map<String, Subscription> subscriptions = new HashMap<>();
        final Map<String, String> tiers = new HashMap<>();
        final Map<String, Instant> lastActivity = new HashMap<>();

        int idleDays(String user, Instant now) {
            Instant last = lastActivity.get(user);
            return last == null ? NO_ACTIVITY : (int) Math.max(0, Duration.between(last, now).toDays());
        }

        int subscribedDays(String user, Instant now) {
            Subscription s = subscriptions.get(user);
            return s == null || !s.active() || s.since() == null ? -1
                    : (int) Math.max(0, Duration.between(s.since(), now).toDays());
        }
    }

    /**
     * The churn-risk level now of each user (from the newest trained model): {@code UNKNOWN} for a user with no
     * subscription, or for everyone without a model. Read only for the users a trigger row asks about.
     */
    Map<String, String> risks(Collection<String> users) {
        Map<String, String> levels = new HashMap<>();
        users.forEach(u -> levels.put(u, "UNKNOWN"));
        try {
            churn.score(users).risks().forEach(r -> levels.put(r.customerId(), r.riskLevel()));
        } catch (RuntimeException e) {
            // No trained churn model yet: every level stays UNKNOWN.
        }
        return levels;
    }

    /**
     * Per event: the user's events of its type in the 30 days up to it, it included (a later event of the same batch
     * does not count for an earlier one).
     */
    private Map<String, Integer> counts(List<Queued> events) {
        Map<String, Integer> counts = new HashMap<>();
        for (String source : List.of("behaviour", "subscription")) {
            List<Queued> of = events.stream().filter(e -> e.source().equals(source)).toList();
            if (of.isEmpty()) {
                continue;
            }
            String table = source.equals("behaviour") ? "benefit_event" : "subscription_event";
            String user = source.equals("behaviour") ? "user_id" : "customer_id";
            jdbc.sql("""
                    SELECT q.id, (SELECT count(*) FROM %s e WHERE e.%s = q.u AND e.type = q.t
                                  AND e.occurred_at > q.at - interval '30 days' AND e.occurred_at <= q.at)
                    FROM unnest(CAST(:ids AS text[]), CAST(:users AS text[]), CAST(:types AS text[]),
                                CAST(:times AS timestamptz[])) AS q(id, u, t, at)""".formatted(table, user))
                    .param("ids", of.stream().map(Queued::eventId).toArray(String[]::new))
                    .param("users", of.stream().map(Queued::userId).toArray(String[]::new))
                    .param("types", of.stream().map(Queued::type).toArray(String[]::new))
                    .param("times", of.stream().map(e -> Timestamp.from(e.occurredAt())).toArray(Timestamp[]::new))
                    .query(rs -> {
                        counts.put(rs.getString(1), rs.getInt(2));
                    });
        }
        return counts;
    }

    private Facts read(Collection<String> userIds, String[] excludeEvents, Instant now) {
        String[] users = userIds.toArray(String[]::new);
        Facts f = new Facts();
        jdbc.sql("""
                WITH latest AS (
                    SELECT DISTINCT ON (customer_id) customer_id, type, plan_id, price, currency, segment
                    FROM subscription_event WHERE customer_id = ANY(:users) AND type <> 'PAYMENT_FAILED'
                    ORDER BY customer_id, occurred_at DESC, event_id DESC),
                since AS (
                    SELECT customer_id, max(occurred_at) AS at FROM subscription_event
                    WHERE customer_id = ANY(:users) AND type = 'SUBSCRIBED' GROUP BY customer_id)
                SELECT l.*, s.at FROM latest l LEFT JOIN since s USING (customer_id)""").param("users", users)
                .query(rs -> {
                    Timestamp at = rs.getTimestamp("at");
                    f.subscriptions.put(rs.getString("customer_id"), new Subscription(rs.getString("plan_id"),
                            rs.getBigDecimal("price"), rs.getString("currency"), rs.getString("segment"),
                            !"CANCELLED".equals(rs.getString("type")), at == null ? null : at.toInstant()));
                });
        jdbc.sql("SELECT user_id, tier FROM benefit_member WHERE user_id = ANY(:users)").param("users", users)
                .query(rs -> {
                    f.tiers.put(rs.getString(1), rs.getString(2));
                });
        jdbc.sql("""
                SELECT user_id, max(occurred_at) FROM benefit_event
                WHERE user_id = ANY(:users) AND occurred_at <= :now
                  AND NOT EXISTS (SELECT 1 FROM unnest(CAST(:exclude AS text[])) AS x(id) WHERE x.id = event_id)
                GROUP BY user_id""").param("users", users).param("exclude", excludeEvents)
                .param("now", Timestamp.from(now)).query(rs -> {
                    f.lastActivity.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                });
        return f;
    }
}
