package com.subdecide.system;

/**
 * A run of a job found that a later attempt took the job over (its node was thought dead and the job was
 * revived elsewhere): it stops and writes nothing more, so only the latest attempt finishes the job.
 */
public class JobSupersededException extends RuntimeException {

    public JobSupersededException(String job, int attempt) {
        super(job + ": attempt " + attempt + " was superseded by a later one");
    }

    /** Throws for {@code job}'s attempt when a write guarded by that attempt changed no row. */
    public static void unlessWritten(String job, int attempt, int updated) {
        if (updated == 0) {
            throw new JobSupersededException(job, attempt);
        }
    }

    /** The supersession behind {@code e} (itself or one of its causes), or null. */
    public static JobSupersededException in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JobSupersededException s) {
                return s;
            }
        }
        return null;
    }
}
