package com.subdecide.customers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subdecide.system.JsonRequestReader;
import com.subdecide.system.NotFoundException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The price book: the plans customers subscribe to (tier order, billing interval, currency, current price) and the
 * segments they belong to. Each PUT replaces the book whole as a new version; subscription events must name its
 * plans and segments.
 */
@Service
public class PriceBook {

    public static final Set<String> INTERVALS = Set.of("MONTH", "YEAR");
    private static final int MAX_PLANS = 1000;
    private static final BigDecimal MAX_PRICE = new BigDecimal("1000000");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    /** One plan: its price is per {@code interval}. */
    public record Plan(String planId, String name, int tierOrder, String interval, String currency, BigDecimal price) {

        /** The price per month (a yearly price over twelve). */
        public BigDecimal monthlyPrice() {
            return "YEAR".equals(interval) ? price.divide(BigDecimal.valueOf(12), 2, java.math.RoundingMode.HALF_UP)
                    : price;
        }
    }

    public record Segment(String segment, String name) {
    }

    /** A version of the book. */
    public record Book(long version, List<Plan> plans, List<Segment> segments, String putBy, OffsetDateTime putAt) {

        public Optional<Plan> plan(String planId) {
            return plans.stream().filter(p -> p.planId().equals(planId)).findFirst();
        }

        public boolean hasSegment(String segment) {
            return segments.stream().anyMatch(s -> s.segment().equals(segment));
        }

        /** The plan of the next tier up in the same currency and interval, if any. */
        public Optional<Plan> nextTier(Plan plan) {
            return plans.stream().filter(p -> p.currency().equals(plan.currency()) && p.interval().equals(plan.interval())
                    && p.tierOrder() > plan.tierOrder()).min(Comparator.comparingInt(Plan::tierOrder));
        }

        /** The highest tier order among plans in this currency. */
        public int topTier(String currency) {
            return plans.stream().filter(p -> p.currency().equals(currency)).mapToInt(Plan::tierOrder).max().orElse(0);
        }
    }

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private static final long FRESH_NANOS = 1_000_000_000L;
    private final AtomicReference<Book> cached = new AtomicReference<>();
    private final java.util.concurrent.atomic.AtomicLong checkedAt = new java.util.concurrent.atomic.AtomicLong();

    PriceBook(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Reads {@code {plans: [...], segments: [...]}}, naming every bad field. */
    public Book read(JsonNode body) {
        JsonRequestReader in = new JsonRequestReader();
        List<Plan> plans = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<JsonNode> items = in.array(body, "$", "plans", true, MAX_PLANS);
        for (int i = 0; i < items.size(); i++) {
            String at = "$.plans[" + i + "]";
            JsonNode p = items.get(i);
            if (!in.isObject(p, at)) {
                continue;
            }
            String id = id(in, p, at, "plan_id");
            if (id != null && !ids.add(id)) {
                in.problem(at + ".plan_id", "duplicate", "plan '" + id + "' is listed twice");
            }
            String name = in.string(p, at, "name", true, 200);
            Integer tier = in.count(p, at, "tier_order", 1000);
            if (tier == null && !p.hasNonNull("tier_order")) {
                in.problem(at + ".tier_order", "required", "'tier_order' is required (1 is the lowest tier)");
            } else if (tier != null && tier < 1) {
                in.problem(at + ".tier_order", "out_of_range", "'tier_order' must be between 1 and 1000");
            }
            String interval = in.choice(p, at, "interval", INTERVALS, "MONTH");
            String currency = in.string(p, at, "currency", true, 3);
            if (currency != null && !CURRENCY.matcher(currency).matches()) {
                in.problem(at + ".currency", "invalid_currency", "'currency' must be an ISO 4217 code like USD");
            }
            BigDecimal price = in.money(p, at, "price", true, MAX_PRICE);
            plans.add(new Plan(id, name, tier == null ? 0 : tier, interval, currency, price));
        }
        List<Segment> segments = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<JsonNode> segmentItems = in.array(body, "$", "segments", false, MAX_PLANS);
        for (int i = 0; i < segmentItems.size(); i++) {
            String at = "$.segments[" + i + "]";
            JsonNode s = segmentItems.get(i);
            if (!in.isObject(s, at)) {
                continue;
            }
            String segment = id(in, s, at, "segment");
            if (segment != null && !names.add(segment)) {
                in.problem(at + ".segment", "duplicate", "segment '" + segment + "' is listed twice");
            }
            segments.add(new Segment(segment, in.string(s, at, "name", false, 200)));
        }
        in.throwIfProblems();
        return new Book(0, plans, segments, null, null);
    }

    private static String id(JsonRequestReader in, JsonNode node, String at, String field) {
        String id = in.string(node, at, field, true, 100);
        if (id != null && !ID.matcher(id).matches()) {
            in.problem(at + "." + field, "invalid_id", "'" + field
                    + "' must start with a letter or digit and hold only letters, digits, '_', '.' and '-'");
            return null;
        }
        return id;
    }

    /** Stores the book as the new current version. */
    public Book put(Book book, String user) {
        try {
            String text = json.writeValueAsString(new Stored(book.plans(), book.segments()));
            jdbc.sql("INSERT INTO price_book (book, put_by) VALUES (CAST(:book AS jsonb), :user)")
                    .param("book", text).param("user", user).update();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        cached.set(null);
        return current().orElseThrow();
    }

    private record Stored(List<Plan> plans, List<Segment> segments) {
    }

    /** The current book; 404 when none was ever put. */
    public Book require() {
        return current().orElseThrow(() -> new NotFoundException("no_price_book",
                "No price book yet: PUT /api/v1/pricing/plans first"));
    }

    /**
     * The current book, if one was put. The newest version is looked up at most once a second (another node's PUT
     * shows within that); this node's PUT shows at once.
     */
    public Optional<Book> current() {
        Book known = cached.get();
        if (known != null && System.nanoTime() - checkedAt.get() < FRESH_NANOS) {
            return Optional.of(known);
        }
        Long newest = jdbc.sql("SELECT max(version) FROM price_book")
                .query((rs, i) -> (Long) rs.getObject(1, Long.class)).list().get(0);
        if (newest == null) {
            return Optional.empty();
        }
        if (known != null && known.version() == newest) {
            checkedAt.set(System.nanoTime());
            return Optional.of(known);
        }
        Book loaded = jdbc.sql("SELECT version, book, put_by, put_at FROM price_book WHERE version = :v")
                .param("v", newest).query((rs, i) -> {
                    try {
                        Stored stored = json.readValue(rs.getString("book"), Stored.class);
                        return new Book(rs.getLong("version"), stored.plans(), stored.segments(), rs.getString("put_by"),
                                rs.getObject("put_at", OffsetDateTime.class));
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException("stored price book " + newest + " is unreadable", e);
                    }
                }).single();
        cached.set(loaded);
        checkedAt.set(System.nanoTime());
        return Optional.of(loaded);
    }
}
