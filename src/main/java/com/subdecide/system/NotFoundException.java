package com.subdecide.system;

/** The thing a request names does not exist: answered {@code 404} with a stable code. */
public class NotFoundException extends RuntimeException {

    private final String code;

    public NotFoundException(String code, String detail) {
        super(detail);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
