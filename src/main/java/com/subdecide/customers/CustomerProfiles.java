package com.subdecide.customers;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A customer as their stored histories show them at a moment: plan, price, segment and whether they are subscribed
 * (their latest event, payment failures aside, is not a cancellation), how long they have been, and their recent
 * payment failures, plan changes, sessions and support contacts (behavioural events of the same id).
 */
@Component
class CustomerProfiles {

    /** One customer at one moment; tenure in whole months from the first subscription to then or the cancellation. */
    record Profile(String customerId, String segment, String planId, BigDecimal monthlyPrice, String currency,
            boolean active, Instant subscribedAt, Instant cancelledAt, int tenureMonths, int paymentFailures90d,
            int downgrades180d, int upgrades180d, int sessions30d, int sessionsPrior60d, int supportContacts90d) {
    }

    private final JdbcClient jdbc;

    CustomerProfiles(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Profiles at {@code at} of the given customers (those with no events before it are absent). */
    Map<String, Profile> of(Collection<String> customers, Instant at) {
        return query(customers, at);
    }

    /** Profiles at {@code at} of every customer with events before it. */
    Map<String, Profile> all(Instant at) {
        return query(null, at);
    }

    private Map<String, Profile> query(Collection<String> customers, Instant at) {
        Map<String, Profile> out = new LinkedHashMap<>();
        if (customers != null && customers.isEmpty()) {
            return out;
        }
        var statement = jdbc.sql("""
                WITH subs AS (
                    SELECT customer_id,
                           min(occurred_at) FILTER (WHERE type = 'SUBSCRIBED') AS first_subscribed,
                           min(occurred_at) AS first_event,
                           count(*) FILTER (WHERE type = 'PAYMENT_FAILED' AND occurred_at >= :d90) AS failures,
                           count(*) FILTER (WHERE type = 'DOWNGRADED' AND occurred_at >= :d180) AS downgrades,
                           count(*) FILTER (WHERE type = 'UPGRADED' AND occurred_at >= :d180) AS upgrades,
                           (array_agg(type ORDER BY occurred_at DESC, event_id DESC)
                                FILTER (WHERE type <> 'PAYMENT_FAILED'))[1] AS last_type,
                           (array_agg(occurred_at ORDER BY occurred_at DESC, event_id DESC)
                                FILTER (WHERE type <> 'PAYMENT_FAILED'))[1] AS last_at,
                           (array_agg(plan_id ORDER BY occurred_at DESC, event_id DESC)
                                FILTER (WHERE type <> 'PAYMENT_FAILED'))[1] AS plan_id,
                           (array_agg(price ORDER BY occurred_at DESC, event_id DESC) FILTER (WHERE price IS NOT NULL))[1]
                                AS price,
                           (array_agg(currency ORDER BY occurred_at DESC, event_id DESC)
                                FILTER (WHERE currency IS NOT NULL))[1] AS currency,
                           (array_agg(segment ORDER BY occurred_at DESC, event_id DESC)
                                FILTER (WHERE segment IS NOT NULL))[1] AS segment
                    FROM subscription_event
                    WHERE occurred_at < :at AND %s
                    GROUP BY customer_id),
                usage AS (
                    SELECT user_id,
                           count(*) FILTER (WHERE type = 'PAGE_VIEW' AND occurred_at >= :d30) AS sessions,
                           count(*) FILTER (WHERE type = 'PAGE_VIEW' AND occurred_at < :d30) AS prior,
                           count(*) FILTER (WHERE type = 'SUPPORT_CONTACT') AS contacts
                    FROM benefit_event
                    WHERE %s AND occurred_at >= :d90 AND occurred_at < :at
                      AND type IN ('PAGE_VIEW', 'SUPPORT_CONTACT')
                    GROUP BY user_id)
                SELECT s.*, coalesce(u.sessions, 0) AS sessions, coalesce(u.prior, 0) AS prior,
                       coalesce(u.contacts, 0) AS contacts
                FROM subs s LEFT JOIN usage u ON u.user_id = s.customer_id
                ORDER BY s.customer_id
                """.formatted(customers == null ? "true" : "customer_id = ANY(CAST(:ids AS text[]))",
                        customers == null ? "user_id IN (SELECT customer_id FROM subs)"
                                : "user_id = ANY(CAST(:ids AS text[]))"))
                .param("at", Timestamp.from(at))
                .param("d30", Timestamp.from(at.minus(Duration.ofDays(30))))
                .param("d90", Timestamp.from(at.minus(Duration.ofDays(90))))
                .param("d180", Timestamp.from(at.minus(Duration.ofDays(180))));
        if (customers != null) {
            statement = statement.param("ids", customers.toArray(String[]::new));
        }
        statement.query(rs -> {
            Timestamp first = rs.getTimestamp("first_subscribed");
            Instant subscribed = (first != null ? first : rs.getTimestamp("first_event")).toInstant();
            boolean active = !"CANCELLED".equals(rs.getString("last_type"));
            Instant cancelled = active ? null : rs.getTimestamp("last_at").toInstant();
            Instant until = active ? at : cancelled;
            String id = rs.getString("customer_id");
            out.put(id, new Profile(id, rs.getString("segment"), rs.getString("plan_id"), rs.getBigDecimal("price"),
                    rs.getString("currency"), active, subscribed, cancelled, months(subscribed, until),
                    rs.getInt("failures"), rs.getInt("downgrades"), rs.getInt("upgrades"), rs.getInt("sessions"),
                    rs.getInt("prior"), rs.getInt("contacts")));
        });
        return out;
    }

    /** Whole calendar months from {@code from} to {@code to} (UTC): the periods a monthly subscriber has completed. */
    static int months(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return 0;
        }
        java.time.ZonedDateTime a = from.atZone(java.time.ZoneOffset.UTC);
        java.time.ZonedDateTime b = to.atZone(java.time.ZoneOffset.UTC);
        int months = (int) java.time.temporal.ChronoUnit.MONTHS.between(a, b);
        return Math.max(0, months);
    }
}
