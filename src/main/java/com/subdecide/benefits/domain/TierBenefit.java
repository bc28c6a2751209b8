package com.subdecide.benefits.domain;

/**
 * A benefit a tier offers: {@code CORE} (always given), {@code POOL} (given when the user's score clears the
 * threshold), or {@code DEFAULT} (fills remaining slots in order). {@code rule} is the rule or table row that
 * offered it.
 */
public class TierBenefit {

    public enum Kind { CORE, POOL, DEFAULT }

    private final Kind kind;
    private final String tier;
    private final String benefitId;
    private final String rule;
    private double threshold;
    private double value = 1.0;
    private int order;

    public TierBenefit(Kind kind, String tier, String benefitId, String rule) {
        this.kind = kind;
        this.tier = tier;
        this.benefitId = benefitId;
        this.rule = rule;
    }

    public static TierBenefit core(String tier, String benefitId, String rule) {
        return new TierBenefit(Kind.CORE, tier, benefitId, rule);
    }

    public static TierBenefit pool(String tier, String benefitId, String rule) {
        return new TierBenefit(Kind.POOL, tier, benefitId, rule);
    }

    public static TierBenefit fallback(String tier, String benefitId, String rule) {
        return new TierBenefit(Kind.DEFAULT, tier, benefitId, rule);
    }

    public Kind getKind() {
        return kind;
    }

    public String getTier() {
        return tier;
    }

    public String getBenefitId() {
        return benefitId;
    }

    public String getRule() {
        return rule;
    }

    public double getThreshold() {
        return threshold;
    }

    public void setThreshold(double threshold) {
        this.threshold = threshold;
    }

    public double getValue() {
        return value;
    }

    public void setValue(double value) {
        this.value = value;
    }

    public int getOrder() {
        return order;
    }

    public void setOrder(int order) {
        this.order = order;
    }
}
