package com.subdecide.experiments;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Exposures, stored once per user and phase, written behind the answers: one writer thread inserts whatever has
 * queued (at most {@value #MAX_BATCH} a statement, at least every {@value #FLUSH_MILLIS} ms), so that an assignment
 * costs no disk flush. An exposure is derived, not given: the assignment is a pure function of the experiment and
 * the user id, so one lost in a crash before its flush is stored again, with the same variant, at the user's next
 * assignment. Results flush first ({@link #flush()}); a stop flushes what is queued. Users already stored are
 * remembered (up to a bound) so that repeated assignments queue nothing.
 */
@Component
class ExposureLog implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ExposureLog.class);
    private static final int MAX_BATCH = 1000;
    private static final long FLUSH_MILLIS = 50;
    private static final int REMEMBERED = 1_000_000;

    record Exposure(String experimentKey, int phase, String userId, String variant) {
    }

    private final JdbcClient jdbc;
    private final BlockingQueue<Exposure> queue = new ArrayBlockingQueue<>(200_000);
    private final Set<Exposure> known = ConcurrentHashMap.newKeySet();
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Thread writer;
    private volatile boolean running = true;

    ExposureLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.writer = new Thread(this::write, "exposure-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Queues the exposure unless it is known already; when the queue is full, stores it at once. */
    void expose(Exposure exposure) {
        if (known.contains(exposure)) {
            return;
        }
        if (known.size() < REMEMBERED) {
            known.add(exposure);
        }
        queued.incrementAndGet();
        if (!queue.offer(exposure)) {
            insert(List.of(exposure));
            written.incrementAndGet();
        }
    }

    /** Returns once every exposure queued before the call is stored. */
    void flush() {
        long target = queued.get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (written.get() < target && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void write() {
        List<Exposure> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Exposure first = queue.poll(FLUSH_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                storeWithRetry(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                written.addAndGet(batch.size());
                batch.clear();
            }
        }
    }

    private void storeWithRetry(List<Exposure> batch) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                insert(batch);
                return;
            } catch (RuntimeException e) {
                if (attempt == 5 || !running) {
                    // Forgotten, so that each user's next assignment queues them again.
                    batch.forEach(known::remove);
                    log.warn("{} exposures could not be stored ({}); they are stored at the users' next assignment",
                            batch.size(), e.getMessage());
                    return;
                }
                Thread.sleep(100L * attempt);
            }
        }
    }

    private void insert(List<Exposure> batch) {
        StringBuilder sql = new StringBuilder(
                "INSERT INTO experiment_exposure (experiment_key, phase, user_id, variant, exposed_at) VALUES ");
        List<Object> params = new ArrayList<>(batch.size() * 5);
        java.sql.Timestamp at = java.sql.Timestamp.from(Instant.now());
        for (int i = 0; i < batch.size(); i++) {
            Exposure e = batch.get(i);
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?)");
            params.add(e.experimentKey());
            params.add(e.phase());
            params.add(e.userId());
            params.add(e.variant());
            params.add(at);
        }
        sql.append(" ON CONFLICT DO NOTHING");
        jdbc.sql(sql.toString()).params(params).update();
    }

    @Override
    public void destroy() throws InterruptedException {
        flush();
        running = false;
        writer.join(5000);
    }
}
