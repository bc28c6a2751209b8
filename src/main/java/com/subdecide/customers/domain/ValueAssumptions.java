package com.subdecide.customers.domain;

/**
 * What a segment's value and forecasts assume: the margin (share of revenue kept) and the annual discount rate,
 * a segment's own row over the default row; and, from the default row, how much history a model needs and the
 * price elasticities scenarios use until fitted ones exist.
 */
public class ValueAssumptions {

    private final String segment;
    private Double margin;
    private Double annualDiscountRate;
    private double defaultMargin = Double.NaN;
    private double defaultAnnualDiscountRate = Double.NaN;
    private int minimumCustomers;
    private int minimumHistoryMonths;
    private double churnPriceElasticity;
    private double acquisitionPriceElasticity;

    public ValueAssumptions(String segment) {
        this.segment = segment;
    }

    public String getSegment() {
        return segment;
    }

    /** Whether a row for {@code scope} ("every segment" or a segment's name) applies to this segment. */
    public boolean appliesTo(String scope) {
        return "every segment".equals(scope) || scope.equals(segment);
    }

    public void setMargin(double margin) {
        this.margin = margin;
    }

    public void setAnnualDiscountRate(double rate) {
        this.annualDiscountRate = rate;
    }

    public void setDefaultMargin(double margin) {
        this.defaultMargin = margin;
    }

    public void setDefaultAnnualDiscountRate(double rate) {
        this.defaultAnnualDiscountRate = rate;
    }

    public void setMinimumCustomers(int customers) {
        this.minimumCustomers = customers;
    }

    public void setMinimumHistoryMonths(int months) {
        this.minimumHistoryMonths = months;
    }

    public void setChurnPriceElasticity(double elasticity) {
        this.churnPriceElasticity = elasticity;
    }

    public void setAcquisitionPriceElasticity(double elasticity) {
        this.acquisitionPriceElasticity = elasticity;
    }

    /** The segment's margin, else the default; NaN when the tables give neither. */
    public double margin() {
        return margin != null ? margin : defaultMargin;
    }

    /** The segment's annual discount rate, else the default; NaN when the tables give neither. */
    public double annualDiscountRate() {
        return annualDiscountRate != null ? annualDiscountRate : defaultAnnualDiscountRate;
    }

    /** The monthly rate equivalent to the annual one: {@code (1 + annual)^(1/12) − 1}. */
    public double monthlyDiscountRate() {
        return Math.pow(1 + annualDiscountRate(), 1 / 12.0) - 1;
    }

    /** Fewest customers a segment's or cohort's retention is fitted on. */
    public int minimumCustomers() {
        return minimumCustomers;
    }

    /** Fewest months of revenue history a forecast is made from. */
    public int minimumHistoryMonths() {
        return minimumHistoryMonths;
    }

    /** Relative change in monthly churn per relative change in price. */
    public double churnPriceElasticity() {
        return churnPriceElasticity;
    }

    /** Relative change in new subscriptions per relative change in price (negative: dearer sells fewer). */
    public double acquisitionPriceElasticity() {
        return acquisitionPriceElasticity;
    }
}
