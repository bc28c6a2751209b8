package com.subdecide.experiments;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Exposures, stored once per user and phase. An assignment answers only after its exposure is committed, but
 * concurrent callers share commits: one writer thread inserts whatever is waiting in one statement (a group
 * commit), so that durability does not cost a disk flush per user. Users already stored are remembered (up to a
 * bound) so that repeated assignments write nothing.
 */
@Component
class ExposureLog implements DisposableBean {

    private static final int MAX_BATCH = 1000;
    private static final int REMEMBERED = 1_000_000;

    record Exposure(String experimentKey, int phase, String userId, String variant) {
    }

    private record Pending(Exposure exposure, CompletableFuture<Void> done) {
    }

    private final JdbcClient jdbc;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(100_000);
    private final Set<Exposure> stored = ConcurrentHashMap.newKeySet();
    private final Map<Exposure, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();
    private final Thread writer;
    private volatile boolean running = true;

    ExposureLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.writer = new Thread(this::write, "exposure-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Stores the exposure unless it is stored already; returns once it is committed. */
    void expose(Exposure exposure) {
        if (stored.contains(exposure)) {
            return;
        }
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> existing = inFlight.putIfAbsent(exposure, mine);
        if (existing == null) {
            if (!queue.offer(new Pending(exposure, mine))) {
                inFlight.remove(exposure);
                throw new com.subdecide.system.StorageUnavailableException("too many exposures waiting to be stored",
                        null);
            }
            existing = mine;
        }
        try {
            existing.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new com.subdecide.system.StorageUnavailableException("interrupted while storing an exposure", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new com.subdecide.system.StorageUnavailableException("an exposure could not be stored", e);
        }
    }

    private void write() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                insert(batch);
                for (Pending p : batch) {
                    if (stored.size() < REMEMBERED) {
                        stored.add(p.exposure());
                    }
                    inFlight.remove(p.exposure());
                    p.done().complete(null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                for (Pending p : batch) {
                    inFlight.remove(p.exposure());
                    p.done().completeExceptionally(e);
                }
            } finally {
                batch.clear();
            }
        }
    }

    private void insert(List<Pending> batch) {
        StringBuilder sql = new StringBuilder(
                "INSERT INTO experiment_exposure (experiment_key, phase, user_id, variant, exposed_at) VALUES ");
        List<Object> params = new ArrayList<>(batch.size() * 5);
        java.sql.Timestamp at = java.sql.Timestamp.from(Instant.now());
        for (int i = 0; i < batch.size(); i++) {
            Exposure e = batch.get(i).exposure();
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

    /** Forgets what is remembered (a test that wipes the tables). */
    void forget() {
        stored.clear();
    }

    @Override
    public void destroy() throws InterruptedException {
        running = false;
        writer.join(5000);
    }
}
