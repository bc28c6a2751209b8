package com.subdecide.benefits.domain;

/** How many benefits a tier gives, and the table row that says so. */
public class TierSlots {

    private final String tier;
    private final int maxBenefits;
    private final String rule;

    public TierSlots(String tier, int maxBenefits, String rule) {
        this.tier = tier;
        this.maxBenefits = maxBenefits;
        this.rule = rule;
    }

    public String getTier() {
        return tier;
    }

    public int getMaxBenefits() {
        return maxBenefits;
    }

    public String getRule() {
        return rule;
    }
}
