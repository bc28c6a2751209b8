package com.subdecide.benefits;

import com.fasterxml.jackson.databind.JsonNode;
import com.subdecide.system.JsonRequestReader;
import com.subdecide.system.StorageUnavailableException;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Behavioural events in: a batch is validated whole (any bad event rejects the batch, every bad field named),
 * then written in one statement that skips event ids already stored. The answer is given only after the
 * statement commits, so an accepted event is never lost and a retried one is never doubled.
 */
@Service
public class BehaviourEvents {

    public static final Set<String> TYPES = Set.of("PURCHASE", "PAGE_VIEW", "EMAIL_OPEN", "EMAIL_CLICK", "AD_CLICK",
            "WISHLIST_ADD", "REVIEW", "BENEFIT_USED", "SUPPORT_CONTACT");
    static final int MAX_BATCH = 1_000;
    private static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000");
    /** Events may arrive late, but not from the future beyond clock skew. */
    private static final Duration SKEW = Duration.ofMinutes(10);

    private final JdbcClient jdbc;
    private final org.springframework.jdbc.core.JdbcTemplate template;
    private final java.time.Clock clock;

    BehaviourEvents(JdbcClient jdbc, org.springframework.jdbc.core.JdbcTemplate template, java.time.Clock clock) {
        this.jdbc = jdbc;
        this.template = template;
        this.clock = clock;
    }

    /** What a batch did: events newly stored, and events already stored (by event id) or repeated in the batch. */
    public record Accepted(int accepted, int duplicates) {
    }

    /** Reads {@code {"events": [...]}}, naming every bad field as {@code $.events[i].field}. */
    public List<BehaviourEvent> read(JsonNode body) {
        JsonRequestReader in = new JsonRequestReader();
        List<JsonNode> items = in.array(body, "$", "events", true, MAX_BATCH);
        List<BehaviourEvent> events = new ArrayList<>();
        Instant latest = clock.instant().plus(SKEW);
        for (int i = 0; items != null && i < items.size(); i++) {
            String at = "$.events[" + i + "]";
            JsonNode e = items.get(i);
            if (!in.isObject(e, at)) {
                continue;
            }
            String id = in.string(e, at, "event_id", true, 200);
            String user = in.string(e, at, "user_id", true, 200);
            String type = in.choice(e, at, "type", TYPES, null);
            Instant occurred = in.instant(e, at, "occurred_at", latest);
            String category = in.string(e, at, "category", false, 200);
            String product = in.string(e, at, "product_id", false, 200);
            BigDecimal amount = e.hasNonNull("amount") ? in.money(e, at, "amount", false, MAX_AMOUNT) : null;
            Integer dwell = in.count(e, at, "dwell_seconds", 86_400);
            String benefit = in.string(e, at, "benefit_id", false, 200);
            if ("BENEFIT_USED".equals(type) && benefit == null && !e.hasNonNull("benefit_id")) {
                in.problem(at + ".benefit_id", "required", "'benefit_id' is required for BENEFIT_USED");
            }
            if ("PURCHASE".equals(type) && amount == null && !e.hasNonNull("amount")) {
                in.problem(at + ".amount", "required", "'amount' is required for PURCHASE");
            }
            events.add(new BehaviourEvent(id, user, type, occurred, category, product, amount, dwell, benefit));
        }
        in.throwIfProblems();
        return events;
    }

    /**
     * Stores a validated batch in one statement; events whose id is already stored are skipped. The same statement
     * queues each newly stored event for the campaign triggers ({@code campaign_trigger_queue}).
     */
    public Accepted store(List<BehaviourEvent> events) {
        int n = events.size();
        String[] ids = new String[n];
        String[] users = new String[n];
        String[] types = new String[n];
        Timestamp[] times = new Timestamp[n];
        String[] categories = new String[n];
        String[] products = new String[n];
        BigDecimal[] amounts = new BigDecimal[n];
        Integer[] dwells = new Integer[n];
        String[] benefits = new String[n];
        for (int i = 0; i < n; i++) {
            BehaviourEvent e = events.get(i);
            ids[i] = e.eventId();
            users[i] = e.userId();
            types[i] = e.type();
            times[i] = Timestamp.from(e.occurredAt());
            categories[i] = e.category();
            products[i] = e.productId();
            amounts[i] = e.amount();
            dwells[i] = e.dwellSeconds();
            benefits[i] = e.benefitId();
        }
        try {
            // One statement over arrays: the batch is one round trip and one commit, whatever its size.
            int inserted = template.execute((java.sql.Connection c) -> {
                try (java.sql.PreparedStatement ps = c.prepareStatement("""
                        WITH stored AS (
                            INSERT INTO benefit_event (event_id, user_id, type, occurred_at, category, product_id,
                                                       amount, dwell_seconds, benefit_id)
                            SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::text[],
                                                 ?::text[], ?::numeric[], ?::integer[], ?::text[])
                            ON CONFLICT (event_id) DO NOTHING
                            RETURNING event_id, user_id, type, occurred_at, amount, category, benefit_id)
                        INSERT INTO campaign_trigger_queue (event_id, source, user_id, type, occurred_at, amount, category,
                                                            benefit_id)
                        SELECT event_id, 'behaviour', user_id, type, occurred_at, amount, category, benefit_id FROM stored
                        """)) {
                    ps.setArray(1, c.createArrayOf("text", ids));
                    ps.setArray(2, c.createArrayOf("text", users));
                    ps.setArray(3, c.createArrayOf("text", types));
                    ps.setArray(4, c.createArrayOf("timestamptz", times));
                    ps.setArray(5, c.createArrayOf("text", categories));
                    ps.setArray(6, c.createArrayOf("text", products));
                    ps.setArray(7, c.createArrayOf("numeric", amounts));
                    ps.setArray(8, c.createArrayOf("integer", dwells));
                    ps.setArray(9, c.createArrayOf("text", benefits));
                    return ps.executeUpdate();
                }
            });
            return new Accepted(inserted, n - inserted);
        } catch (DataAccessResourceFailureException | TransientDataAccessException | RecoverableDataAccessException e) {
            throw new StorageUnavailableException("event write failed", e);
        }
    }

    /** Events stored for a user (for features and tests). */
    public long count(String userId) {
        return jdbc.sql("SELECT count(*) FROM benefit_event WHERE user_id = :u").param("u", userId).query(Long.class).single();
    }
}
