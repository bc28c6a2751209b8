package com.subdecide.customers.domain;

/** One expansion opportunity a rule found: its kind, the offer, the probability of taking it, its monthly revenue. */
public class Opportunity {

    private final String kind;
    private String offer;
    private double probability;
    private double monthlyRevenue;
    private final String rule;

    Opportunity(String kind, String rule) {
        this.kind = kind;
        this.rule = rule;
    }

    public String getKind() {
        return kind;
    }

    public String getOffer() {
        return offer;
    }

    public void setOffer(String offer) {
        this.offer = offer;
    }

    public double getProbability() {
        return probability;
    }

    public void setProbability(double probability) {
        this.probability = probability;
    }

    public double getMonthlyRevenue() {
        return monthlyRevenue;
    }

    public void setMonthlyRevenue(double monthlyRevenue) {
        this.monthlyRevenue = monthlyRevenue;
    }

    public String getRule() {
        return rule;
    }
}
