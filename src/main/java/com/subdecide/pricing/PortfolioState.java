package com.subdecide.pricing;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Where each plan and segment stands, from the stored subscription histories: active subscribers and what they
 * pay per month, new subscriptions per month and cancellations over the last three months.
 */
@Component
class PortfolioState {

    /** One plan in one segment now. */
    record CellState(long active, double monthlyPaid, double arrivalsPerMonth, long cancelled90) {

        double averageMonthlyPrice() {
            return active == 0 ? 0 : monthlyPaid / active;
        }
    }

    static final CellState EMPTY = new CellState(0, 0, 0, 0);
    static final long WINDOW_DAYS = 90;

    private final JdbcClient jdbc;

    PortfolioState(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Map<SegmentPrices.Key, CellState> at(Instant now) {
        Map<SegmentPrices.Key, long[]> counts = new HashMap<>();
        Map<SegmentPrices.Key, Double> paid = new HashMap<>();
        java.sql.Timestamp at = java.sql.Timestamp.from(now);
        java.sql.Timestamp from = java.sql.Timestamp.from(now.minus(java.time.Duration.ofDays(WINDOW_DAYS)));
        jdbc.sql("""
                WITH latest AS (
                    SELECT DISTINCT ON (customer_id) customer_id, type, plan_id, price, segment
                    FROM subscription_event WHERE occurred_at <= :at AND type <> 'PAYMENT_FAILED'
                    ORDER BY customer_id, occurred_at DESC, event_id DESC)
                SELECT plan_id, segment, count(*) AS n, coalesce(sum(price), 0) AS paid FROM latest
                WHERE type <> 'CANCELLED' AND segment IS NOT NULL GROUP BY plan_id, segment""")
                .param("at", at).query(rs -> {
                    SegmentPrices.Key key = new SegmentPrices.Key(rs.getString("plan_id"), rs.getString("segment"));
                    counts.computeIfAbsent(key, k -> new long[3])[0] = rs.getLong("n");
                    paid.put(key, rs.getDouble("paid"));
                });
        jdbc.sql("""
                SELECT plan_id, segment, count(*) FILTER (WHERE type = 'SUBSCRIBED') AS arrived,
                       count(*) FILTER (WHERE type = 'CANCELLED') AS cancelled
                FROM subscription_event WHERE occurred_at > :from AND occurred_at <= :at AND segment IS NOT NULL
                GROUP BY plan_id, segment""")
                .param("from", from).param("at", at).query(rs -> {
                    long[] c = counts.computeIfAbsent(new SegmentPrices.Key(rs.getString("plan_id"),
                            rs.getString("segment")), k -> new long[3]);
                    c[1] = rs.getLong("arrived");
                    c[2] = rs.getLong("cancelled");
                });
        Map<SegmentPrices.Key, CellState> state = new HashMap<>();
        counts.forEach((key, c) -> state.put(key, new CellState(c[0], paid.getOrDefault(key, 0.0),
                c[1] / (WINDOW_DAYS / 30.0), c[2])));
        return state;
    }

    /**
     * Monthly churn: the window's cancellations per month over the average active subscribers (now plus half the
     * cancelled, who were active for part of it).
     */
    static double monthlyChurn(long active, long cancelled90) {
        double months = WINDOW_DAYS / 30.0;
        double exposed = active + cancelled90 / 2.0;
        return exposed <= 0 ? 0 : Math.min(0.95, cancelled90 / months / exposed);
    }
}
