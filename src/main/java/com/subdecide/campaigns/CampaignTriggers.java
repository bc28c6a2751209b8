package com.subdecide.campaigns;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Evaluates triggers as events arrive and by a daily sweep. Events come from {@code campaign_trigger_queue}
 * (written by the same statement that stores each accepted event): a batch is taken, decided and logged in one
 * transaction, so an event is evaluated exactly once even across crashes. One node evaluates at a time (a
 * PostgreSQL advisory lock), so the frequency caps hold across nodes. Deferred messages are released by the same
 * loop when their time comes.
 */
@Component
class CampaignTriggers {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignTriggers.class);
    /** The advisory lock every node takes to evaluate triggers. */
    private static final long LOCK = 0x63616d70L;

    /** What a sweep did. */
    record Sweep(String day, int users, int candidates, Map<String, Integer> outcomes, long millis) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final TriggerFacts facts;
    private final CampaignDecisions decisions;
    private final int batch;

    CampaignTriggers(JdbcClient jdbc, TransactionTemplate tx, Clock clock, TriggerFacts facts,
            CampaignDecisions decisions, CampaignProperties properties) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.facts = facts;
        this.decisions = decisions;
        this.batch = properties.triggerBatch();
    }

    @Scheduled(fixedDelayString = "${decisions.campaigns.trigger-poll-millis}")
    void poll() {
        try {
            drain(clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("trigger evaluation failed, retried at the next poll (the events stay queued): {}", e.toString());
        }
    }

    /** Evaluates queued events until the queue is empty (or another node holds the lock); returns the outcomes. */
    CampaignDecisions.Summary drain(Instant now) {
        int triggers = 0;
        int candidates = 0;
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        while (true) {
            CampaignDecisions.Summary s;
            try {
                s = tx.execute(status -> take(now, null));
            } catch (RuntimeException e) {
                // One bad event must not hold up the queue: evaluate this batch one event at a time.
                LOG.warn("a trigger batch failed ({}); evaluating its events one at a time", e.toString());
                s = isolate(now);
            }
            if (s == null || s.triggers() == 0) {
                break;
            }
            triggers += s.triggers();
            candidates += s.candidates();
            s.outcomes().forEach((k, v) -> outcomes.merge(k, v, Integer::sum));
            if (s.triggers() < batch) {
                break;
            }
        }
        return new CampaignDecisions.Summary(triggers, candidates, outcomes);
    }

    /** Takes the next batch (or the one event {@code seq}) off the queue and decides it, in the caller's transaction. */
    private CampaignDecisions.Summary take(Instant now, Long seq) {
        if (!lock()) {
            return null;
        }
        if (seq == null) {
            decisions.releaseDeferred(now, batch);
        }
        // The rows are picked once (materialised) and deleted by primary key: a plan that re-ran the pick per
        // row, or one generic plan for "one event or the next batch", would scan the queue once per row.
        String pick = seq == null ? "WHERE failed_at IS NULL" : "WHERE failed_at IS NULL AND seq = :seq";
        org.springframework.jdbc.core.simple.JdbcClient.StatementSpec statement = jdbc.sql("""
                WITH picked AS MATERIALIZED (
                    SELECT seq FROM campaign_trigger_queue %s ORDER BY seq LIMIT :n FOR UPDATE SKIP LOCKED)
                DELETE FROM campaign_trigger_queue q USING picked WHERE q.seq = picked.seq
                RETURNING q.event_id, q.source, q.user_id, q.type, q.occurred_at, q.amount, q.category, q.plan_id,
                          q.segment, q.benefit_id""".formatted(pick))
                .param("n", batch);
        if (seq != null) {
            statement = statement.param("seq", seq);
        }
        List<TriggerFacts.Queued> taken = statement
                .query((rs, n) -> new TriggerFacts.Queued(rs.getString("event_id"), rs.getString("source"),
                        rs.getString("user_id"), rs.getString("type"), rs.getTimestamp("occurred_at").toInstant(),
                        rs.getBigDecimal("amount"), rs.getString("category"), rs.getString("plan_id"),
                        rs.getString("segment"), rs.getString("benefit_id"))).list();
        if (taken.isEmpty()) {
            return new CampaignDecisions.Summary(0, 0, Map.of());
        }
        return decisions.decide(facts.of(taken, now), now);
    }

    /** The next batch's events one by one; an event that fails alone is marked failed and left in the queue. */
    private CampaignDecisions.Summary isolate(Instant now) {
        List<Long> seqs = jdbc.sql("SELECT seq FROM campaign_trigger_queue WHERE failed_at IS NULL ORDER BY seq "
                + "LIMIT :n").param("n", batch).query(Long.class).list();
        int triggers = 0;
        int candidates = 0;
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        for (Long seq : seqs) {
            try {
                CampaignDecisions.Summary s = tx.execute(status -> take(now, seq));
                if (s == null) {
                    return null;
                }
                triggers += s.triggers();
                candidates += s.candidates();
                s.outcomes().forEach((k, v) -> outcomes.merge(k, v, Integer::sum));
            } catch (RuntimeException e) {
                LOG.error("trigger event {} cannot be evaluated and stays in the queue, marked failed: {}", seq,
                        e.toString());
                jdbc.sql("UPDATE campaign_trigger_queue SET failed_at = :now, error = :error WHERE seq = :seq")
                        .param("now", java.sql.Timestamp.from(clock.instant()))
                        .param("error", e.toString().length() > 2000 ? e.toString().substring(0, 2000) : e.toString())
                        .param("seq", seq).update();
                triggers++;
            }
        }
        return new CampaignDecisions.Summary(triggers, candidates, outcomes);
    }

    /** The daily sweep, run by one node ({@code campaign-sweep} in the scheduler's table). */
    void scheduledSweep() {
        Sweep s = sweep(clock.instant());
        LOG.info("campaign sweep {}: {} users, {} candidates {}", s.day(), s.users(), s.candidates(), s.outcomes());
    }

    /**
     * The time-based triggers: every user with contact details read as a {@code SWEEP} event, a page of users per
     * transaction; a second sweep on the same day sends nothing new.
     */
    Sweep sweep(Instant now) {
        long start = System.nanoTime();
        String day = now.atZone(ZoneOffset.UTC).toLocalDate().toString();
        String after = "";
        int users = 0;
        int candidates = 0;
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        while (true) {
            String from = after;
            List<String> page = new ArrayList<>();
            CampaignDecisions.Summary s = tx.execute(status -> {
                while (!lock()) {
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return null;
                    }
                }
                page.addAll(jdbc.sql("SELECT user_id FROM contact WHERE user_id > :after ORDER BY user_id LIMIT :n")
                        .param("after", from).param("n", batch).query(String.class).list());
                return page.isEmpty() ? null : decisions.decide(facts.sweep(page, day, now), now);
            });
            if (s == null) {
                break;
            }
            users += page.size();
            candidates += s.candidates();
            s.outcomes().forEach((k, v) -> outcomes.merge(k, v, Integer::sum));
            after = page.get(page.size() - 1);
            if (page.size() < batch) {
                break;
            }
        }
        return new Sweep(day, users, candidates, outcomes, (System.nanoTime() - start) / 1_000_000);
    }

    /** Queued events not yet evaluated. */
    long queued() {
        return jdbc.sql("SELECT count(*) FROM campaign_trigger_queue WHERE failed_at IS NULL").query(Long.class)
                .single();
    }

    /** Events whose evaluation failed on its own, left in the queue. */
    long failed() {
        return jdbc.sql("SELECT count(*) FROM campaign_trigger_queue WHERE failed_at IS NOT NULL").query(Long.class)
                .single();
    }

    private boolean lock() {
        return Boolean.TRUE.equals(jdbc.sql("SELECT pg_try_advisory_xact_lock(:lock)").param("lock", LOCK)
                .query(Boolean.class).single());
    }
}
