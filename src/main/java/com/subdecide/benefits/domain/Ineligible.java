package com.subdecide.benefits.domain;

/** A benefit this user may not have now, why, and the rule that says so. */
public class Ineligible {

    private final String benefitId;
    private final String reason;
    private final String rule;

    public Ineligible(String benefitId, String reason, String rule) {
        this.benefitId = benefitId;
        this.reason = reason;
        this.rule = rule;
    }

    public String getBenefitId() {
        return benefitId;
    }

    public String getReason() {
        return reason;
    }

    public String getRule() {
        return rule;
    }
}
