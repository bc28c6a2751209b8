package com.subdecide.system;

/**
 * The request is valid but the service's state does not allow it now (409), with a stable code and, where the
 * contract asks for them, details (for {@code data_quality_issue}: what history there is and what is needed).
 */
public class ConflictException extends RuntimeException {

    private final String code;
    private final java.util.Map<String, Object> details;

    public ConflictException(String code, String detail) {
        this(code, detail, null);
    }

    public ConflictException(String code, String detail, java.util.Map<String, Object> details) {
        super(detail);
        this.code = code;
        this.details = details;
    }

    public String code() {
        return code;
    }

    /** Machine-readable details, or {@code null}. */
    public java.util.Map<String, Object> details() {
        return details;
    }
}
