package com.subdecide.experiments.domain;

/** What the stopping rules recommend, for which variant, why, and the rule that decided. */
public class Recommendation {

    private final String action;
    private final String variant;
    private final String reason;
    private final String rule;

    public Recommendation(String action, String variant, String reason, String rule) {
        this.action = action;
        this.variant = variant;
        this.reason = reason;
        this.rule = rule;
    }

    /** KEEP_RUNNING, SHIP, STOP_FOR_HARM, STOP_FOR_FUTILITY or INCONCLUSIVE_AT_MAX_RUNTIME. */
    public String getAction() {
        return action;
    }

    public String getVariant() {
        return variant;
    }

    public String getReason() {
        return reason;
    }

    public String getRule() {
        return rule;
    }
}
