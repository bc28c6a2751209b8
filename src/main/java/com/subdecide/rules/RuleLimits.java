package com.subdecide.rules;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The bounds every rule session fires within, from {@code decisions.rules.max-activations} and
 * {@code decisions.rules.max-fire-millis}, and the watchdog thread that stops a session past its time.
 * They are operating limits, not business numbers: a rule set that reaches them is broken.
 */
final class RuleLimits {

    static final int DEFAULT_MAX_ACTIVATIONS = 100_000;
    static final long DEFAULT_MAX_FIRE_MILLIS = 5_000;

    private static volatile int maxActivations = DEFAULT_MAX_ACTIVATIONS;
    private static volatile long maxFireMillis = DEFAULT_MAX_FIRE_MILLIS;

    static final ScheduledExecutorService WATCHDOG = watchdog();

    private static ScheduledExecutorService watchdog() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "rule-watchdog");
            t.setDaemon(true);
            return t;
        });
        // Sessions end long before their deadline; their cancelled alarms leave the queue at once.
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    private RuleLimits() {
    }

    static void configure(int activations, long millis) {
        if (activations < 1 || millis < 1) {
            throw new IllegalArgumentException("decisions.rules.max-activations and max-fire-millis must be positive");
        }
        maxActivations = activations;
        maxFireMillis = millis;
    }

    static int maxActivations() {
        return maxActivations;
    }

    static long maxFireMillis() {
        return maxFireMillis;
    }
}
