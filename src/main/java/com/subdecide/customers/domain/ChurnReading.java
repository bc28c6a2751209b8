package com.subdecide.customers.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * A customer's churn risk as the model scored it, with the features that pushed it up most; the risk tables give it
 * a level and recommended retention actions. Without a matching level row the level stays {@code UNCLASSIFIED}.
 */
public class ChurnReading {

    private final String customerId;
    private final String segment;
    private final double riskScore;
    private final List<String> riskFactors;
    private String level = "UNCLASSIFIED";
    private String levelRule;
    private final List<String> actions = new ArrayList<>();
    private final List<String> actionRules = new ArrayList<>();

    public ChurnReading(String customerId, String segment, double riskScore, List<String> riskFactors) {
        this.customerId = customerId;
        this.segment = segment;
        this.riskScore = riskScore;
        this.riskFactors = List.copyOf(riskFactors);
    }

    public String getCustomerId() {
        return customerId;
    }

    public String getSegment() {
        return segment;
    }

    /** The model's probability that the customer cancels within 30 days, 0 to 1. */
    public double getRiskScore() {
        return riskScore;
    }

    /** Whether this feature is among those raising the customer's risk most (at most three). */
    public boolean hasFactor(String feature) {
        return riskFactors.contains(feature);
    }

    /** Sets the level; the first row to match decides, so overlapping rows cannot flip it. */
    public void classify(String level, String rule) {
        if (levelRule == null) {
            this.level = level;
            this.levelRule = rule;
        }
    }

    /** Adds each comma-separated action once. */
    public void recommend(String actionList, String rule) {
        for (String action : actionList.split(",")) {
            String a = action.trim();
            if (!a.isEmpty() && !actions.contains(a)) {
                actions.add(a);
                actionRules.add(rule);
            }
        }
    }

    public String getLevel() {
        return level;
    }

    public String getLevelRule() {
        return levelRule;
    }

    public List<String> getActions() {
        return List.copyOf(actions);
    }

    public List<String> getActionRules() {
        return List.copyOf(actionRules);
    }
}
