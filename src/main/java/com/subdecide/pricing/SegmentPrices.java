package com.subdecide.pricing;

import com.subdecide.customers.PriceBook;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The live price of each plan in each segment: the price a change set for it, or else the price book's. The
 * service's own billing: with no provider configured, this is where a price change takes effect.
 */
@Component
class SegmentPrices {

    record Key(String planId, String segment) {
    }

    private final JdbcClient jdbc;

    SegmentPrices(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every price a change set, by plan and segment. */
    Map<Key, BigDecimal> overrides() {
        Map<Key, BigDecimal> prices = new HashMap<>();
        jdbc.sql("SELECT plan_id, segment, price FROM segment_price").query(rs -> {
            prices.put(new Key(rs.getString("plan_id"), rs.getString("segment")), rs.getBigDecimal("price"));
        });
        return prices;
    }

    static BigDecimal current(PriceBook.Plan plan, String segment, Map<Key, BigDecimal> overrides) {
        return overrides.getOrDefault(new Key(plan.planId(), segment), plan.price());
    }

    void set(String planId, String segment, BigDecimal price, String currency, UUID changeId, Instant since) {
        jdbc.sql("""
                INSERT INTO segment_price (plan_id, segment, price, currency, change_id, since)
                VALUES (:plan, :segment, :price, :currency, :change, :since)
                ON CONFLICT (plan_id, segment) DO UPDATE SET price = EXCLUDED.price, currency = EXCLUDED.currency,
                    change_id = EXCLUDED.change_id, since = EXCLUDED.since""")
                .param("plan", planId).param("segment", segment).param("price", price).param("currency", currency)
                .param("change", changeId).param("since", java.sql.Timestamp.from(since)).update();
    }
}
