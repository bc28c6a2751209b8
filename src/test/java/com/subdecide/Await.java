package com.subdecide;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Waiting for something another thread, node or process does, failing with what was awaited. */
public final class Await {

    private Await() {
    }

    /** Checks {@code done} every {@code pollMillis} until it holds, or fails after {@code limit}. */
    public static void until(String what, Duration limit, long pollMillis, BooleanSupplier done) throws InterruptedException {
        Instant until = Instant.now().plus(limit);
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(pollMillis);
        }
    }

    /** The same, checking every 20 ms. */
    public static void until(String what, Duration limit, BooleanSupplier done) throws InterruptedException {
        until(what, limit, 20, done);
    }
}
