package com.subdecide.benefits.domain;

/** In a tier, a benefit that may be given up for another, and the table row that allows it. */
public class SwapRule {

    private final String tier;
    private final String give;
    private final String rule;
    private String take;

    public SwapRule(String tier, String give, String rule) {
        this.tier = tier;
        this.give = give;
        this.rule = rule;
    }

    public String getTier() {
        return tier;
    }

    public String getGive() {
        return give;
    }

    public String getTake() {
        return take;
    }

    public void setTake(String take) {
        this.take = take;
    }

    public String getRule() {
        return rule;
    }
}
