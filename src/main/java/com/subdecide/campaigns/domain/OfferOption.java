package com.subdecide.campaigns.domain;

/**
 * One of a campaign's offers weighed for one recipient: its cost (the discount over its months at the recipient's
 * price) against what keeping them is worth (their churn risk and expected residual value).
 * {@code rules/campaign-offers.drl} marks the offers worth making.
 */
public class OfferOption {

    private final String userId;
    private final String code;
    private final double churnRisk;
    private final double residualValue;
    private final double cost;
    private double expectedGain;
    private String approvedBy;

    public OfferOption(String userId, String code, double churnRisk, double residualValue, double cost) {
        this.userId = userId;
        this.code = code;
        this.churnRisk = churnRisk;
        this.residualValue = residualValue;
        this.cost = cost;
    }

    /** Marks the offer worth making, with the value it is expected to keep. */
    public void worthMaking(double gain, String rule) {
        this.expectedGain = gain;
        this.approvedBy = rule;
    }

    public boolean approved() {
        return approvedBy != null;
    }

    public String approvedBy() {
        return approvedBy;
    }

    public double expectedGain() {
        return expectedGain;
    }

    public String getUserId() {
        return userId;
    }

    public String getCode() {
        return code;
    }

    public double getChurnRisk() {
        return churnRisk;
    }

    public double getResidualValue() {
        return residualValue;
    }

    public double getCost() {
        return cost;
    }
}
