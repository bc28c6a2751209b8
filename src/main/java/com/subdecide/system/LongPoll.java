package com.subdecide.system;

import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * {@code ?wait_seconds=N} on a job's status: the answer comes as soon as the job has finished, or after N seconds
 * with its progress, so that a script needs no polling loop. Answers at once without the parameter.
 */
public final class LongPoll {

    /** The longest wait a caller may ask for. */
    public static final int MAX_SECONDS = 120;

    private static final long STEP_MILLIS = 200;

    private LongPoll() {
    }

    /** The parameter's value in seconds, 0 when absent; a 400 naming {@code wait_seconds} when it is not 0..120. */
    public static int seconds(String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        try {
            int seconds = Integer.parseInt(text.trim());
            if (seconds >= 0 && seconds <= MAX_SECONDS) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidRequestException("invalid_request", "1 parameter invalid", List.of(new FieldProblem(
                "wait_seconds", "out_of_range", "'wait_seconds' must be a whole number of seconds from 0 to " + MAX_SECONDS)));
    }

    /** Reads the job until {@code finished} holds or the time is up; the last reading either way. */
    public static <T> T until(Supplier<T> read, Predicate<T> finished, int seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        T value = read.get();
        while (!finished.test(value) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(STEP_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return value;
            }
            value = read.get();
        }
        return value;
    }

    /** A job status that will not change any more. */
    public static boolean finished(String status) {
        return !"QUEUED".equals(status) && !"RUNNING".equals(status);
    }
}
