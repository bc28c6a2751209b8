package com.subdecide.system;

/** The decision log (PostgreSQL) cannot be reached; the decision is not answered and the client retries. */
public class StorageUnavailableException extends RuntimeException {

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
