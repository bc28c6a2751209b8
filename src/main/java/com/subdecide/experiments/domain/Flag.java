package com.subdecide.experiments.domain;

/** Something wrong with the experiment's data, e.g. SAMPLE_RATIO_MISMATCH, which blocks shipping. */
public class Flag {

    private final String code;
    private final String reason;
    private final String rule;

    public Flag(String code, String reason, String rule) {
        this.code = code;
        this.reason = reason;
        this.rule = rule;
    }

    public String getCode() {
        return code;
    }

    public String getReason() {
        return reason;
    }

    public String getRule() {
        return rule;
    }
}
