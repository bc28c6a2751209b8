package com.subdecide.system;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Threads inside one job (claiming jobs and handing them on is {@link Jobs}): named daemon threads, and work spread
 * over a pool one item at a time.
 */
public final class Workers {

    private Workers() {
    }

    /** Daemon threads named {@code name-1}, {@code name-2}, … */
    public static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Runs {@code work} for every index below {@code count} on {@code threads} tasks of the pool; each task takes
     * the next index as it finishes one, so no thread idles behind a slow chunk. Rethrows the first failure.
     */
    public static void forEachIndex(ExecutorService pool, int threads, int count, IntConsumer work)
            throws InterruptedException {
        AtomicInteger cursor = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                int i;
                while ((i = cursor.getAndIncrement()) < count) {
                    work.accept(i);
                }
            }));
        }
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
    }
}
