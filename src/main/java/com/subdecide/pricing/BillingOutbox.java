package com.subdecide.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subdecide.system.StoredJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The billing outbox: each call the billing provider must receive for a price change, written in the same
 * transaction as the change, with its idempotency key, sent by {@link StripeBilling} when due and retried with
 * backoff; a call that cannot succeed (a card error, a request Stripe refuses, too many attempts) stays FAILED and
 * visible ({@code billing_integration_failure}) until retried. With no provider configured nothing is queued: the
 * service's own price book is the billing.
 */
@Component
public class BillingOutbox {

    /** A due call. */
    record Call(long id, UUID changeId, String kind, String idempotencyKey, JsonNode payload, int attempts) {
    }

    /** A call that failed; {@code code} is always {@code billing_integration_failure}. */
    public record Failure(String code, String kind, String idempotencyKey, int attempts, String error) {
    }

    public record Status(String provider, long pending, long done, long failed, List<Failure> failures,
            Instant nextAttemptAt) {
    }

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private final boolean stripe;
    private final int maxAttempts;
    private final long firstRetrySeconds;
    private final long maxRetrySeconds;

    BillingOutbox(JdbcClient jdbc, ObjectMapper json, Clock clock,
            @Value("${decisions.billing.stripe.enabled}") boolean stripe,
            @Value("${decisions.billing.outbox.max-attempts}") int maxAttempts,
            @Value("${decisions.billing.outbox.first-retry-seconds}") long firstRetrySeconds,
            @Value("${decisions.billing.outbox.max-retry-seconds}") long maxRetrySeconds) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.stripe = stripe;
        this.maxAttempts = maxAttempts;
        this.firstRetrySeconds = firstRetrySeconds;
        this.maxRetrySeconds = maxRetrySeconds;
    }

    String provider() {
        return stripe ? "stripe" : "price_book";
    }

    /**
     * Queues a change's calls (within the caller's transaction): a new Price per plan and segment, then each
     * subscription moved to it, due the day before the renewal the new price reaches (a grandfathered one stays on
     * its price until its months are over).
     */
    int queue(UUID changeId, JsonNode cells, JsonNode subscriptions, String phase) {
        if (!stripe) {
            return 0;
        }
        Instant now = clock.instant();
        int queued = 0;
        for (JsonNode c : cells) {
            String priceKey = changeId + "-" + phase + "-price-" + c.path("plan_id").asText() + "-" + c.path("segment").asText();
            ObjectNode payload = json.createObjectNode();
            payload.put("plan_id", c.path("plan_id").asText());
            payload.put("segment", c.path("segment").asText());
            payload.put("currency", c.path("currency").asText());
            payload.put("interval", c.path("interval").asText("MONTH"));
            payload.put("unit_amount", c.path("to").decimalValue().movePointRight(2).longValueExact());
            insert(changeId, "CREATE_PRICE", priceKey, payload, now, now);
            queued++;
            for (JsonNode s : subscriptions) {
                if (!s.path("plan_id").asText().equals(c.path("plan_id").asText())
                        || !s.path("segment").asText().equals(c.path("segment").asText())) {
                    continue;
                }
                ObjectNode move = json.createObjectNode();
                move.put("customer_id", s.path("customer_id").asText());
                move.put("price_key", priceKey);
                move.put("effective_from", s.path("effective_from").asText());
                Instant due = LocalDate.parse(s.path("effective_from").asText()).minusDays(1).atStartOfDay()
                        .toInstant(ZoneOffset.UTC);
                insert(changeId, "MOVE_SUBSCRIPTION", changeId + "-" + phase + "-move-" + s.path("customer_id").asText(),
                        move, due.isBefore(now) ? now : due, now);
                queued++;
            }
        }
        return queued;
    }

    private void insert(UUID changeId, String kind, String key, JsonNode payload, Instant due, Instant now) {
        jdbc.sql("""
                INSERT INTO billing_outbox (change_id, kind, idempotency_key, payload, status, next_attempt_at, created_at)
                VALUES (:change, :kind, :key, cast(:payload AS jsonb), 'PENDING', :due, :now)
                ON CONFLICT (idempotency_key) DO NOTHING""").param("change", changeId).param("kind", kind)
                .param("key", key).param("payload", payload.toString()).param("due", java.sql.Timestamp.from(due))
                .param("now", java.sql.Timestamp.from(now)).update();
    }

    /** The next due call, claimed (locked) for the caller's transaction; creations before moves. */
    Optional<Call> claimDue(Instant now) {
        return jdbc.sql("""
                SELECT outbox_id, change_id, kind, idempotency_key, payload::text AS payload, attempts FROM billing_outbox
                WHERE status = 'PENDING' AND next_attempt_at <= :now
                ORDER BY CASE kind WHEN 'CREATE_PRICE' THEN 0 ELSE 1 END, outbox_id
                LIMIT 1 FOR UPDATE SKIP LOCKED""").param("now", java.sql.Timestamp.from(now))
                .query((rs, n) -> new Call(rs.getLong("outbox_id"), rs.getObject("change_id", UUID.class),
                        rs.getString("kind"), rs.getString("idempotency_key"),
                        StoredJson.tree(json, rs.getString("payload")),
                        rs.getInt("attempts"))).optional();
    }

    /** The result of a finished call by its idempotency key (e.g. the Stripe price a move needs). */
    Optional<JsonNode> result(String idempotencyKey) {
        return jdbc.sql("SELECT result::text FROM billing_outbox WHERE idempotency_key = :key AND status = 'DONE'")
                .param("key", idempotencyKey).query(String.class).optional().map(text -> StoredJson.tree(json, text));
    }

    void done(Call call, Map<String, Object> result) {
        jdbc.sql("UPDATE billing_outbox SET status = 'DONE', attempts = attempts + 1, result = cast(:result AS jsonb), "
                + "done_at = :now, last_error = NULL WHERE outbox_id = :id").param("result", json.valueToTree(result)
                .toString()).param("now", java.sql.Timestamp.from(clock.instant())).param("id", call.id()).update();
    }

    /** A transient failure: tried again after a backoff doubling from the first retry, or FAILED past the limit. */
    void retryLater(Call call, String error) {
        int attempts = call.attempts() + 1;
        if (attempts >= maxAttempts) {
            fail(call, error + " (" + attempts + " attempts)");
            return;
        }
        long seconds = Math.min(maxRetrySeconds, firstRetrySeconds << Math.min(20, attempts - 1));
        jdbc.sql("UPDATE billing_outbox SET attempts = :attempts, last_error = :error, next_attempt_at = :next "
                + "WHERE outbox_id = :id").param("attempts", attempts).param("error", error)
                .param("next", java.sql.Timestamp.from(clock.instant().plus(Duration.ofSeconds(seconds))))
                .param("id", call.id()).update();
    }

    /** Waits for something else (a move for its price): due again shortly, not counted as an attempt. */
    void postpone(Call call, String reason) {
        jdbc.sql("UPDATE billing_outbox SET last_error = :error, next_attempt_at = :next WHERE outbox_id = :id")
                .param("error", reason).param("next", java.sql.Timestamp.from(clock.instant().plusSeconds(firstRetrySeconds)))
                .param("id", call.id()).update();
    }

    void fail(Call call, String error) {
        jdbc.sql("UPDATE billing_outbox SET status = 'FAILED', attempts = :attempts, last_error = :error "
                + "WHERE outbox_id = :id").param("attempts", call.attempts() + 1).param("error", error)
                .param("id", call.id()).update();
    }

    /** Calls of a change not yet sent, withdrawn (a revert before they were due); returns how many. */
    int cancelPending(UUID changeId) {
        return jdbc.sql("UPDATE billing_outbox SET status = 'CANCELLED' WHERE change_id = :change AND status = 'PENDING'")
                .param("change", changeId).update();
    }

    /** The customers a change's moves reached in the provider. */
    java.util.Set<String> moved(UUID changeId) {
        return new java.util.HashSet<>(jdbc.sql("SELECT payload->>'customer_id' FROM billing_outbox WHERE change_id = "
                + ":change AND kind = 'MOVE_SUBSCRIPTION' AND status = 'DONE'").param("change", changeId)
                .query(String.class).list());
    }

    /** Failed calls back in the queue (ADMIN, once the cause is fixed); their idempotency keys unchanged. */
    public int retryFailed() {
        return jdbc.sql("UPDATE billing_outbox SET status = 'PENDING', attempts = 0, next_attempt_at = :now "
                + "WHERE status = 'FAILED'").param("now", java.sql.Timestamp.from(clock.instant())).update();
    }

    public Status status(UUID changeId) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.sql("SELECT status, count(*) AS n FROM billing_outbox WHERE (CAST(:change AS uuid) IS NULL OR change_id = "
                + ":change) GROUP BY status").param("change", changeId)
                .query(rs -> {
                    counts.put(rs.getString("status"), rs.getLong("n"));
                });
        List<Failure> failures = new ArrayList<>();
        jdbc.sql("SELECT kind, idempotency_key, attempts, last_error FROM billing_outbox WHERE status = 'FAILED' "
                + "AND (CAST(:change AS uuid) IS NULL OR change_id = :change) ORDER BY outbox_id LIMIT 100")
                .param("change", changeId).query(rs -> {
                    failures.add(new Failure("billing_integration_failure", rs.getString("kind"), rs.getString("idempotency_key"), rs.getInt("attempts"),
                            rs.getString("last_error")));
                });
        Instant next = jdbc.sql("SELECT min(next_attempt_at) FROM billing_outbox WHERE status = 'PENDING' AND "
                + "(CAST(:change AS uuid) IS NULL OR change_id = :change)").param("change", changeId)
                .query((rs, n) -> rs.getTimestamp(1) == null ? null : rs.getTimestamp(1).toInstant()).list().get(0);
        return new Status(provider(), counts.getOrDefault("PENDING", 0L), counts.getOrDefault("DONE", 0L),
                counts.getOrDefault("FAILED", 0L), failures, next);
    }

    long failedCount() {
        return jdbc.sql("SELECT count(*) FROM billing_outbox WHERE status = 'FAILED'").query(Long.class).single();
    }
}
