package com.subdecide.campaigns;

import com.fasterxml.jackson.databind.JsonNode;
import com.subdecide.system.StoredJson;
import com.subdecide.system.Workers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers the outbox: workers (several per node, each with its own SMTP connection) claim due messages for a lease
 * (a dispatcher that dies mid-batch leaves them to be claimed again when the lease runs out), send each on its
 * channel with its message id (the email's {@code Message-ID}, the webhooks' {@code Idempotency-Key}; in-app
 * messages are written in the transaction that marks them delivered), and mark it at once. A failure that may pass
 * (a refused connection, a timeout, a 5xx or 429) is retried with a backoff doubling from the first retry; one that
 * cannot, or too many attempts, is a dead letter ({@code communication_delivery_failed}) until an admin retries it.
 * At least once: a dispatcher killed between a send and its mark sends that message again (one per worker at most),
 * under the same id.
 */
@Component
class MessageDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(MessageDispatcher.class);

    /** A claimed message. */
    record Claimed(UUID messageId, String channel, String userId, String address, JsonNode payload, int attempts) {
    }

    /** A failed attempt; {@code permanent} ones go straight to dead letters. */
    static final class DeliveryFailure extends Exception {
        final boolean permanent;

        DeliveryFailure(String message, boolean permanent) {
            super(message);
            this.permanent = permanent;
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final CampaignProperties properties;
    private final DeliveryChannels channels;
    private final com.fasterxml.jackson.databind.ObjectMapper json;
    private final Counter delivered;
    private final Counter retried;
    private final ExecutorService pool;

    MessageDispatcher(JdbcClient jdbc, TransactionTemplate tx, Clock clock, CampaignProperties properties,
            DeliveryChannels channels, com.fasterxml.jackson.databind.ObjectMapper json, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.properties = properties;
        this.channels = channels;
        this.json = json;
        this.delivered = Counter.builder("decisions.campaigns.delivered").register(meters);
        this.retried = Counter.builder("decisions.campaigns.delivery_retries").register(meters);
        this.pool = Executors.newFixedThreadPool(Math.max(1, properties.deliveryThreads()),
                Workers.daemon("campaign-delivery"));
        Gauge.builder("decisions.campaigns.dead_letters", this, MessageDispatcher::deadLetters)
                .description("campaign messages that could not be delivered (communication_delivery_failed)")
                .register(meters);
    }

    /**
     * A pass: {@code delivery-threads} workers, each claiming its own batches (so each holds its own SMTP
     * connection), until nothing is due.
     */
    @Scheduled(fixedDelayString = "${decisions.campaigns.delivery-poll-millis}")
    void scheduled() {
        if (properties.deliveryEnabled()) {
            try {
                int threads = Math.max(1, properties.deliveryThreads());
                Workers.forEachIndex(pool, threads, threads, i -> dispatch(Integer.MAX_VALUE));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warn("delivery pass failed, tried again at the next poll: {}", e.toString());
            }
        }
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    /** Delivers due messages until none is due (or {@code limit}); returns how many were attempted. */
    int dispatch(int limit) {
        int attempted = 0;
        while (attempted < limit) {
            List<Claimed> claimed = claim(Math.min(properties.deliveryBatch(), limit - attempted));
            if (claimed.isEmpty()) {
                break;
            }
            try (DeliveryChannels.Pass pass = channels.pass()) {
                for (Claimed m : claimed) {
                    deliver(m, pass);
                    attempted++;
                }
            }
        }
        return attempted;
    }

    private List<Claimed> claim(int n) {
        Instant now = clock.instant();
        return jdbc.sql("""
                UPDATE message_outbox o SET status = 'SENDING', attempts = o.attempts + 1, lease_until = :lease
                FROM (SELECT message_id FROM message_outbox
                      WHERE status = 'PENDING' AND next_attempt_at <= :now OR status = 'SENDING' AND lease_until < :now
                      ORDER BY next_attempt_at LIMIT :n FOR UPDATE SKIP LOCKED) due
                WHERE o.message_id = due.message_id
                RETURNING o.message_id, o.channel, o.user_id, o.address, o.payload::text AS payload, o.attempts""")
                .param("lease", Timestamp.from(now.plusSeconds(properties.leaseSeconds())))
                .param("now", Timestamp.from(now)).param("n", n)
                .query((rs, i) -> new Claimed(rs.getObject("message_id", UUID.class), rs.getString("channel"),
                        rs.getString("user_id"), rs.getString("address"), StoredJson.tree(json, rs.getString("payload")),
                        rs.getInt("attempts"))).list();
    }

    private void deliver(Claimed m, DeliveryChannels.Pass pass) {
        try {
            if ("IN_APP".equals(m.channel())) {
                tx.executeWithoutResult(s -> {
                    channels.inbox(m);
                    markDelivered(m);
                });
            } else {
                pass.send(m);
                markDelivered(m);
            }
            delivered.increment();
        } catch (DeliveryFailure e) {
            if (e.permanent || m.attempts() >= properties.maxAttempts()) {
                LOG.warn("message {} on {} is a dead letter: {}", m.messageId(), m.channel(), e.getMessage());
                jdbc.sql("UPDATE message_outbox SET status = 'DEAD', lease_until = NULL, last_error = :error "
                        + "WHERE message_id = :id").param("error", e.getMessage() + (e.permanent ? ""
                        : " (" + m.attempts() + " attempts)")).param("id", m.messageId()).update();
            } else {
                retried.increment();
                long seconds = Math.min(properties.maxRetrySeconds(),
                        properties.firstRetrySeconds() << Math.min(20, m.attempts() - 1));
                jdbc.sql("UPDATE message_outbox SET status = 'PENDING', lease_until = NULL, last_error = :error, "
                        + "next_attempt_at = :next WHERE message_id = :id").param("error", e.getMessage())
                        .param("next", Timestamp.from(clock.instant().plus(Duration.ofSeconds(seconds))))
                        .param("id", m.messageId()).update();
            }
        }
    }

    /**
     * Marks a message delivered. The commit does not wait for the disk flush: a dispatcher that dies after it has
     * still recorded the mark; only a PostgreSQL crash in the next fraction of a second could lose it, and then the
     * message is sent again under its id (at least once, never lost), instead of every message paying a flush.
     */
    private void markDelivered(Claimed m) {
        tx.executeWithoutResult(s -> {
            jdbc.sql("SET LOCAL synchronous_commit TO OFF").update();
            jdbc.sql("UPDATE message_outbox SET status = 'DELIVERED', delivered_at = :now, lease_until = NULL, "
                    + "last_error = NULL WHERE message_id = :id").param("now", Timestamp.from(clock.instant()))
                    .param("id", m.messageId()).update();
        });
    }

    long deadLetters() {
        return jdbc.sql("SELECT count(*) FROM message_outbox WHERE status = 'DEAD'").query(Long.class).single();
    }
}
