package com.subdecide.system;

/** A request that is well formed but cannot be done in the current state: answered {@code 409}. */
public class ConflictException extends RuntimeException {

    private final String code;

    public ConflictException(String code, String detail) {
        super(detail);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
