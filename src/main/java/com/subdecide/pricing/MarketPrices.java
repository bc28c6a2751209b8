package com.subdecide.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import com.subdecide.customers.PriceBook;
import com.subdecide.system.JsonRequestReader;
import com.subdecide.system.NotFoundException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Competitors' prices per plan equivalent, with the day each was observed. Each PUT is a new snapshot of the
 * market (earlier ones stay for audit); the newest is current, with the competitors' median per plan.
 */
@Service
public class MarketPrices {

    private static final BigDecimal MAX_PRICE = new BigDecimal("1000000");

    public record Observation(String planId, String competitor, BigDecimal price, String currency,
            LocalDate observedOn) {
    }

    /** One plan's competitors and their median. */
    public record PlanMarket(String planId, String currency, BigDecimal median, List<Observation> competitors) {
    }

    public record Market(long snapshot, OffsetDateTime putAt, String putBy, List<PlanMarket> plans) {
    }

    private final JdbcClient jdbc;
    private final PriceBook priceBook;
    private final Clock clock;

    MarketPrices(JdbcClient jdbc, PriceBook priceBook, Clock clock) {
        this.jdbc = jdbc;
        this.priceBook = priceBook;
        this.clock = clock;
    }

    /** Reads {@code {observations: [{plan_id, competitor, price, currency, observed_on}]}}, naming every bad field. */
    public List<Observation> read(JsonNode body) {
        JsonRequestReader in = new JsonRequestReader();
        PriceBook.Book book = priceBook.current().orElse(null);
        List<JsonNode> items = in.array(body, "$", "observations", true, 10_000);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        Set<String> seen = new HashSet<>();
        List<Observation> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String at = "$.observations[" + i + "]";
            JsonNode o = items.get(i);
            if (!in.isObject(o, at)) {
                continue;
            }
            String plan = in.string(o, at, "plan_id", true, 100);
            String competitor = in.string(o, at, "competitor", true, 200);
            BigDecimal price = in.money(o, at, "price", true, MAX_PRICE);
            String currency = in.string(o, at, "currency", true, 3);
            if (currency != null && !currency.matches("[A-Z]{3}")) {
                in.problem(at + ".currency", "invalid_currency", "'currency' must be an ISO 4217 code like USD");
            }
            LocalDate observed = in.date(o, at, "observed_on", true);
            if (observed != null && observed.isAfter(today.plusDays(1))) {
                in.problem(at + ".observed_on", "out_of_range", "'observed_on' is in the future");
            }
            if (plan != null) {
                PriceBook.Plan known = book == null ? null : book.plan(plan).orElse(null);
                if (known == null) {
                    in.problem(at + ".plan_id", "unknown_plan", book == null
                            ? "no price book yet: PUT /api/v1/pricing/plans first"
                            : "plan '" + plan + "' is not in the price book");
                } else if (currency != null && currency.matches("[A-Z]{3}") && !currency.equals(known.currency())) {
                    in.problem(at + ".currency", "currency_mismatch", "plan '" + plan + "' is priced in "
                            + known.currency());
                }
            }
            if (plan != null && competitor != null && !seen.add(plan + "\u0000" + competitor)) {
                in.problem(at + ".competitor", "duplicate", "'" + competitor + "' is listed twice for plan '" + plan
                        + "'");
            }
            out.add(new Observation(plan, competitor, price, currency, observed));
        }
        in.throwIfProblems();
        return out;
    }

    @Transactional
    public Market put(List<Observation> observations, String user) {
        long snapshot = jdbc.sql("INSERT INTO market_snapshot (put_by) VALUES (:user) RETURNING snapshot")
                .param("user", user).query(Long.class).single();
        for (Observation o : observations) {
            jdbc.sql("""
                    INSERT INTO market_price (snapshot, plan_id, competitor, price, currency, observed_on)
                    VALUES (:s, :plan, :competitor, :price, :currency, :observed)""")
                    .param("s", snapshot).param("plan", o.planId()).param("competitor", o.competitor())
                    .param("price", o.price()).param("currency", o.currency())
                    .param("observed", Date.valueOf(o.observedOn())).update();
        }
        return current();
    }

    /** The newest snapshot; 404 before the first PUT. */
    public Market current() {
        Map<String, Object> head = jdbc.sql("SELECT snapshot, put_at, put_by FROM market_snapshot ORDER BY snapshot DESC "
                + "LIMIT 1").query().listOfRows().stream().findFirst().orElseThrow(() -> new NotFoundException(
                "no_market_prices", "No competitor prices yet: PUT /api/v1/pricing/market first"));
        long snapshot = ((Number) head.get("snapshot")).longValue();
        Map<String, List<Observation>> byPlan = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT plan_id, competitor, price, currency, observed_on FROM market_price WHERE snapshot = :s
                ORDER BY plan_id, price, competitor""").param("s", snapshot)
                .query(rs -> {
                    byPlan.computeIfAbsent(rs.getString("plan_id"), k -> new ArrayList<>()).add(new Observation(
                            rs.getString("plan_id"), rs.getString("competitor"), rs.getBigDecimal("price"),
                            rs.getString("currency"), rs.getDate("observed_on").toLocalDate()));
                });
        List<PlanMarket> plans = new ArrayList<>();
        byPlan.forEach((plan, list) -> plans.add(new PlanMarket(plan, list.get(0).currency(), median(list), list)));
        OffsetDateTime at = ((java.sql.Timestamp) head.get("put_at")).toInstant().atOffset(ZoneOffset.UTC);
        return new Market(snapshot, at, (String) head.get("put_by"), plans);
    }

    /** The median price of the competitors (sorted by price), the mean of the middle two for an even count. */
    static BigDecimal median(List<Observation> sortedByPrice) {
        int n = sortedByPrice.size();
        BigDecimal middle = sortedByPrice.get(n / 2).price();
        if (n % 2 == 1) {
            return middle;
        }
        return sortedByPrice.get(n / 2 - 1).price().add(middle).divide(BigDecimal.valueOf(2), 2, RoundingMode.HALF_UP);
    }
}
