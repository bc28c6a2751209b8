package com.subdecide.pricing.domain;

/**
 * Inserted by {@code rules/pricing-guardrails.drl}: in {@code segment}, the plan {@code lowerPlan} must stay cheaper
 * than {@code upperPlan} by at least {@code minimumGapPercent} of the lower price.
 */
public final class TierOrder {

    private final String segment;
    private final String lowerPlan;
    private final String upperPlan;
    private final double minimumGapPercent;
    private final String rule;

    public TierOrder(String segment, String lowerPlan, String upperPlan, double minimumGapPercent, String rule) {
        this.segment = segment;
        this.lowerPlan = lowerPlan;
        this.upperPlan = upperPlan;
        this.minimumGapPercent = minimumGapPercent;
        this.rule = rule;
    }

    public String segment() {
        return segment;
    }

    public String lowerPlan() {
        return lowerPlan;
    }

    public String upperPlan() {
        return upperPlan;
    }

    public double minimumGapPercent() {
        return minimumGapPercent;
    }

    public String rule() {
        return rule;
    }
}
