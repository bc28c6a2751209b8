package com.subdecide.system;

/**
 * A job stopped before its end because its node is stopping (its thread was interrupted). The job stays
 * unfinished in its table and is handed to the next node that polls; nothing is marked failed.
 */
public class JobInterruptedException extends RuntimeException {

    public JobInterruptedException(String job) {
        super(job + " was interrupted; it is handed to another node");
    }
}
