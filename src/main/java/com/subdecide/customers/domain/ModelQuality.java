package com.subdecide.customers.domain;

/** A model's quality on its newest labelled period; the monitoring table sets the bar it must clear. */
public class ModelQuality {

    private final String model;
    private final double auc;
    private final int labelled;
    private double minimumAuc = Double.NaN;
    private int minimumLabelled;
    private String rule;

    public ModelQuality(String model, double auc, int labelled) {
        this.model = model;
        this.auc = auc;
        this.labelled = labelled;
    }

    /** {@code churn}, or {@code bps} for the benefit propensity models. */
    public String getModel() {
        return model;
    }

    public double getAuc() {
        return auc;
    }

    public int getLabelled() {
        return labelled;
    }

    public void setMinimumAuc(double minimumAuc) {
        this.minimumAuc = minimumAuc;
    }

    public void setMinimumLabelled(int minimumLabelled) {
        this.minimumLabelled = minimumLabelled;
    }

    public void setRule(String rule) {
        this.rule = rule;
    }

    public double minimumAuc() {
        return minimumAuc;
    }

    public int minimumLabelled() {
        return minimumLabelled;
    }

    public String rule() {
        return rule;
    }
}
