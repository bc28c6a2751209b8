package com.subdecide.customers;

import com.fasterxml.jackson.databind.JsonNode;
import com.subdecide.system.JsonRequestReader;
import com.subdecide.system.StorageUnavailableException;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Subscription histories: events in batches, validated whole and stored once by {@code event_id}, and the monthly
 * recurring revenue they imply. A customer's state at a moment is their latest event before it (payment failures
 * aside): a subscription, renewal, upgrade or downgrade makes them active at its price per month; a cancellation
 * ends it.
 */
@Service
public class SubscriptionEvents {

    public static final Set<String> TYPES = Set.of("SUBSCRIBED", "RENEWED", "UPGRADED", "DOWNGRADED", "CANCELLED",
            "PAYMENT_FAILED");
    private static final Set<String> PRICED = Set.of("SUBSCRIBED", "RENEWED", "UPGRADED", "DOWNGRADED");
    static final int MAX_BATCH = 1000;
    private static final Duration SKEW = Duration.ofMinutes(10);
    private static final BigDecimal MAX_PRICE = new BigDecimal("1000000");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    /** One event as stored. */
    public record Event(String eventId, String customerId, String type, String planId, BigDecimal price, String currency,
            String segment, Instant occurredAt) {
    }

    public record Accepted(int accepted, int duplicates) {
    }

    /** One month: MRR at its end, customers active then, and those who subscribed or cancelled in it. */
    public record Month(String month, BigDecimal mrr, long activeCustomers, long newCustomers, long cancelled) {
    }

    public record Mrr(String currency, String segment, List<Month> months) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final Clock clock;
    private final PriceBook priceBook;
    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

    SubscriptionEvents(JdbcClient jdbc, JdbcTemplate template, Clock clock, PriceBook priceBook) {
        this.jdbc = jdbc;
        this.template = template;
        this.clock = clock;
        this.priceBook = priceBook;
    }

    /**
     * Reads {@code {"events": [...]}}, naming every bad field as {@code $.events[i].field}. Plans and segments must
     * be in the price book, and a priced event's currency must be its plan's.
     */
    public List<Event> read(JsonNode body) {
        JsonRequestReader in = new JsonRequestReader();
        PriceBook.Book book = priceBook.current().orElse(null);
        List<JsonNode> items = in.array(body, "$", "events", true, MAX_BATCH);
        List<Event> events = new ArrayList<>();
        Instant latest = clock.instant().plus(SKEW);
        for (int i = 0; i < items.size(); i++) {
            String at = "$.events[" + i + "]";
            JsonNode e = items.get(i);
            if (!in.isObject(e, at)) {
                continue;
            }
            String id = in.string(e, at, "event_id", true, 200);
            String customer = in.string(e, at, "customer_id", true, 200);
            String type = in.choice(e, at, "type", TYPES, null);
            String plan = in.string(e, at, "plan_id", true, 100);
            BigDecimal price = e.hasNonNull("price") ? in.money(e, at, "price", false, MAX_PRICE) : null;
            String currency = in.string(e, at, "currency", false, 3);
            if (currency != null && !CURRENCY.matcher(currency).matches()) {
                in.problem(at + ".currency", "invalid_currency", "'currency' must be an ISO 4217 code like USD");
            }
            if (type != null && PRICED.contains(type)) {
                if (!e.hasNonNull("price")) {
                    in.problem(at + ".price", "required", "'price' (per month) is required for " + type);
                }
                if (!e.hasNonNull("currency")) {
                    in.problem(at + ".currency", "required", "'currency' is required for " + type);
                }
            }
            String segment = in.string(e, at, "segment", false, 100);
            if (plan != null) {
                PriceBook.Plan known = book == null ? null : book.plan(plan).orElse(null);
                if (book == null) {
                    in.problem(at + ".plan_id", "unknown_plan", "no price book yet: PUT /api/v1/pricing/plans first");
                } else if (known == null) {
                    in.problem(at + ".plan_id", "unknown_plan", "plan '" + plan + "' is not in the price book");
                } else if (currency != null && CURRENCY.matcher(currency).matches() && !currency.equals(known.currency())) {
                    in.problem(at + ".currency", "currency_mismatch", "plan '" + plan + "' is priced in "
                            + known.currency());
                }
            }
            if (segment != null && book != null && !book.hasSegment(segment)) {
                in.problem(at + ".segment", "unknown_segment", "segment '" + segment + "' is not in the price book");
            }
            Instant occurred = in.instant(e, at, "occurred_at", latest);
            events.add(new Event(id, customer, type, plan, price, currency, segment, occurred));
        }
        in.throwIfProblems();
        return events;
    }

    /**
     * Stores a validated batch in one statement; events whose id is already stored are skipped. The same statement
     * queues each newly stored event for the campaign triggers ({@code campaign_trigger_queue}).
     */
    public Accepted store(List<Event> events) {
        int n = events.size();
        String[] ids = new String[n];
        String[] customers = new String[n];
        String[] types = new String[n];
        String[] plans = new String[n];
        BigDecimal[] prices = new BigDecimal[n];
        String[] currencies = new String[n];
        String[] segments = new String[n];
        Timestamp[] times = new Timestamp[n];
        for (int i = 0; i < n; i++) {
            Event e = events.get(i);
            ids[i] = e.eventId();
            customers[i] = e.customerId();
            types[i] = e.type();
            plans[i] = e.planId();
            prices[i] = e.price();
            currencies[i] = e.currency();
            segments[i] = e.segment();
            times[i] = Timestamp.from(e.occurredAt());
        }
        try {
            int inserted = template.execute((java.sql.Connection c) -> {
                try (java.sql.PreparedStatement ps = c.prepareStatement("""
                        WITH stored AS (
                            INSERT INTO subscription_event (event_id, customer_id, type, plan_id, price, currency,
                                                            segment, occurred_at)
                            SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::numeric[], ?::text[],
                                                 ?::text[], ?::timestamptz[])
                            ON CONFLICT (event_id) DO NOTHING
                            RETURNING event_id, customer_id, type, occurred_at, price, plan_id, segment)
                        INSERT INTO campaign_trigger_queue (event_id, source, user_id, type, occurred_at, amount, plan_id,
                                                            segment)
                        SELECT event_id, 'subscription', customer_id, type, occurred_at, price, plan_id, segment
                        FROM stored
                        """)) {
                    ps.setArray(1, c.createArrayOf("text", ids));
                    ps.setArray(2, c.createArrayOf("text", customers));
                    ps.setArray(3, c.createArrayOf("text", types));
                    ps.setArray(4, c.createArrayOf("text", plans));
                    ps.setArray(5, c.createArrayOf("numeric", prices));
                    ps.setArray(6, c.createArrayOf("text", currencies));
                    ps.setArray(7, c.createArrayOf("text", segments));
                    ps.setArray(8, c.createArrayOf("timestamptz", times));
                    return ps.executeUpdate();
                }
            });
            if (inserted > 0) {
                generation.incrementAndGet();
            }
            return new Accepted(inserted, n - inserted);
        } catch (DataAccessResourceFailureException | TransientDataAccessException | RecoverableDataAccessException e) {
            throw new StorageUnavailableException("subscription event write failed", e);
        }
    }

    /** Counts the batches that stored something, so models fitted on the histories know when to refit. */
    public long generation() {
        return generation.get();
    }

    /**
     * Monthly recurring revenue in one currency, optionally of one segment (a customer's segment is that of their
     * latest event), at the end of each month from {@code from} to {@code to}.
     */
    public Mrr mrr(YearMonth from, YearMonth to, String currency, String segment) {
        Timestamp start = Timestamp.from(from.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC));
        Timestamp end = Timestamp.from(to.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC));
        List<Month> months = jdbc.sql("""
                WITH months AS (
                    SELECT m FROM generate_series(CAST(:start AS timestamptz), CAST(:end AS timestamptz),
                                                  interval '1 month') AS m),
                latest AS (
                    SELECT DISTINCT ON (months.m, e.customer_id) months.m, e.customer_id, e.type, e.price, e.currency,
                           e.segment
                    FROM months JOIN subscription_event e
                         ON e.occurred_at < months.m + interval '1 month' AND e.type <> 'PAYMENT_FAILED'
                    ORDER BY months.m, e.customer_id, e.occurred_at DESC, e.event_id DESC),
                flows AS (
                    SELECT months.m,
                           count(*) FILTER (WHERE e.type = 'SUBSCRIBED') AS subscribed,
                           count(*) FILTER (WHERE e.type = 'CANCELLED') AS cancelled
                    FROM months LEFT JOIN subscription_event e
                         ON e.occurred_at >= months.m AND e.occurred_at < months.m + interval '1 month'
                         AND (CAST(:segment AS text) IS NULL OR e.segment = :segment)
                    GROUP BY months.m)
                SELECT to_char(months.m AT TIME ZONE 'UTC', 'YYYY-MM') AS month,
                       coalesce(sum(l.price) FILTER (WHERE l.type <> 'CANCELLED'), 0) AS mrr,
                       count(l.customer_id) FILTER (WHERE l.type <> 'CANCELLED') AS active,
                       max(f.subscribed) AS subscribed, max(f.cancelled) AS cancelled
                FROM months
                LEFT JOIN latest l ON l.m = months.m AND (l.currency = :currency OR l.type = 'CANCELLED')
                     AND (CAST(:segment AS text) IS NULL OR l.segment = :segment)
                JOIN flows f ON f.m = months.m
                GROUP BY months.m ORDER BY months.m
                """).param("start", start).param("end", end).param("currency", currency).param("segment", segment)
                .query((rs, i) -> new Month(rs.getString("month"), rs.getBigDecimal("mrr").setScale(2),
                        rs.getLong("active"), rs.getLong("subscribed"), rs.getLong("cancelled")))
                .list();
        return new Mrr(currency, segment, months);
    }
}
