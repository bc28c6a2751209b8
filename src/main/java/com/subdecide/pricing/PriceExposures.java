package com.subdecide.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import com.subdecide.customers.PriceBook;
import com.subdecide.system.JsonRequestReader;
import com.subdecide.system.StorageUnavailableException;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Price exposures, the demand data elasticities are learnt from: a price of a plan shown to a visitor or customer,
 * and whether it converted. Batches validated whole and stored once by {@code exposure_id}, never updated.
 */
@Service
public class PriceExposures {

    static final int MAX_BATCH = 1000;
    private static final Duration SKEW = Duration.ofMinutes(10);
    private static final BigDecimal MAX_PRICE = new BigDecimal("1000000");

    /** One exposure as stored; {@code subjectId} is the visitor's or customer's id. */
    public record Exposure(String exposureId, String subjectId, String planId, String segment, BigDecimal price,
            String currency, Instant shownAt, boolean converted, String experimentKey, String variant) {
    }

    public record Accepted(int accepted, int duplicates) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final PriceBook priceBook;
    private final Clock clock;

    PriceExposures(JdbcClient jdbc, JdbcTemplate template, PriceBook priceBook, Clock clock) {
        this.jdbc = jdbc;
        this.template = template;
        this.priceBook = priceBook;
        this.clock = clock;
    }

    /**
     * Reads {@code {exposures: [{exposure_id, visitor_id or customer_id, plan_id, segment, price, currency, shown_at,
     * converted, experiment_key, variant}]}}, naming every bad field; the plan and segment must be in the price book
     * and the currency the plan's.
     */
    public List<Exposure> read(JsonNode body) {
        JsonRequestReader in = new JsonRequestReader();
        PriceBook.Book book = priceBook.current().orElse(null);
        List<JsonNode> items = in.array(body, "$", "exposures", true, MAX_BATCH);
        Instant latest = clock.instant().plus(SKEW);
        List<Exposure> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String at = "$.exposures[" + i + "]";
            JsonNode e = items.get(i);
            if (!in.isObject(e, at)) {
                continue;
            }
            String id = in.string(e, at, "exposure_id", true, 200);
            String visitor = in.string(e, at, "visitor_id", false, 200);
            String customer = in.string(e, at, "customer_id", false, 200);
            if (visitor == null && customer == null && !e.hasNonNull("visitor_id") && !e.hasNonNull("customer_id")) {
                in.problem(at + ".visitor_id", "required", "'visitor_id' or 'customer_id' is required");
            }
            String plan = in.string(e, at, "plan_id", true, 100);
            String segment = in.string(e, at, "segment", false, 100);
            BigDecimal price = in.money(e, at, "price", true, MAX_PRICE);
            if (price != null && price.signum() == 0) {
                in.problem(at + ".price", "out_of_range", "'price' must be above 0");
            }
            String currency = in.string(e, at, "currency", true, 3);
            if (currency != null && !currency.matches("[A-Z]{3}")) {
                in.problem(at + ".currency", "invalid_currency", "'currency' must be an ISO 4217 code like USD");
                currency = null;
            }
            if (plan != null) {
                PriceBook.Plan known = book == null ? null : book.plan(plan).orElse(null);
                if (known == null) {
                    in.problem(at + ".plan_id", "unknown_plan", book == null
                            ? "no price book yet: PUT /api/v1/pricing/plans first"
                            : "plan '" + plan + "' is not in the price book");
                } else if (currency != null && !currency.equals(known.currency())) {
                    in.problem(at + ".currency", "currency_mismatch", "plan '" + plan + "' is priced in "
                            + known.currency());
                }
            }
            if (segment != null && book != null && !book.hasSegment(segment)) {
                in.problem(at + ".segment", "unknown_segment", "segment '" + segment + "' is not in the price book");
            }
            Instant shown = in.instant(e, at, "shown_at", latest);
            JsonNode converted = e.get("converted");
            if (converted == null || !converted.isBoolean()) {
                in.problem(at + ".converted", converted == null || converted.isNull() ? "required" : "not_a_boolean",
                        "'converted' must be true or false");
            }
            String experiment = in.string(e, at, "experiment_key", false, 100);
            String variant = in.string(e, at, "variant", false, 100);
            out.add(new Exposure(id, customer != null ? customer : visitor, plan, segment, price, currency, shown,
                    converted != null && converted.asBoolean(), experiment, variant));
        }
        in.throwIfProblems();
        return out;
    }

    /** Stores a validated batch in one statement; exposures whose id is already stored are skipped. */
    public Accepted store(List<Exposure> exposures) {
        int n = exposures.size();
        String[][] text = new String[7][n];
        BigDecimal[] prices = new BigDecimal[n];
        Timestamp[] times = new Timestamp[n];
        Boolean[] converted = new Boolean[n];
        for (int i = 0; i < n; i++) {
            Exposure e = exposures.get(i);
            text[0][i] = e.exposureId();
            text[1][i] = e.subjectId();
            text[2][i] = e.planId();
            text[3][i] = e.segment();
            text[4][i] = e.currency();
            text[5][i] = e.experimentKey();
            text[6][i] = e.variant();
            prices[i] = e.price();
            times[i] = Timestamp.from(e.shownAt());
            converted[i] = e.converted();
        }
        try {
            int inserted = template.execute((java.sql.Connection c) -> {
                try (java.sql.PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO price_exposure (exposure_id, subject_id, plan_id, segment, currency, experiment_key,
                                                    variant, price, shown_at, converted)
                        SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                             ?::numeric[], ?::timestamptz[], ?::boolean[])
                        ON CONFLICT (exposure_id) DO NOTHING
                        """)) {
                    for (int k = 0; k < 7; k++) {
                        ps.setArray(k + 1, c.createArrayOf("text", text[k]));
                    }
                    ps.setArray(8, c.createArrayOf("numeric", prices));
                    ps.setArray(9, c.createArrayOf("timestamptz", times));
                    ps.setArray(10, c.createArrayOf("boolean", converted));
                    return ps.executeUpdate();
                }
            });
            return new Accepted(inserted, n - inserted);
        } catch (DataAccessResourceFailureException | TransientDataAccessException | RecoverableDataAccessException e) {
            throw new StorageUnavailableException("price exposure write failed", e);
        }
    }

    /** Exposures and conversions of a plan in one currency, per segment ("" for none) and distinct price. */
    Map<String, List<ElasticityFit.PricePoint>> points(String planId, String currency) {
        Map<String, List<ElasticityFit.PricePoint>> bySegment = new TreeMap<>();
        jdbc.sql("""
                SELECT coalesce(segment, '') AS segment, price, count(*) AS shown, count(*) FILTER (WHERE converted) AS converted
                FROM price_exposure WHERE plan_id = :plan AND currency = :currency
                GROUP BY coalesce(segment, ''), price ORDER BY 1, 2""")
                .param("plan", planId).param("currency", currency)
                .query(rs -> {
                    bySegment.computeIfAbsent(rs.getString("segment"), k -> new ArrayList<>()).add(
                            new ElasticityFit.PricePoint(rs.getBigDecimal("price").doubleValue(), rs.getLong("shown"),
                                    rs.getLong("converted")));
                });
        return bySegment;
    }
}
