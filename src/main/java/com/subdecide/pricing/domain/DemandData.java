package com.subdecide.pricing.domain;

/** What an elasticity of one plan (and segment) needs before it is fitted: exposures and distinct prices. */
public class DemandData {

    private final String planId;
    private final String segment;
    private int minimumObservations;
    private int minimumDistinctPrices = 2;

    public DemandData(String planId, String segment) {
        this.planId = planId;
        this.segment = segment;
    }

    public String getPlanId() {
        return planId;
    }

    public String getSegment() {
        return segment;
    }

    /** Whether a row for {@code scope} ("every plan" or a plan's id) applies to this plan. */
    public boolean appliesTo(String scope) {
        return "every plan".equals(scope) || scope.equals(planId);
    }

    /** When several rows apply (every plan, this plan), the strictest counts. */
    public void setMinimumObservations(int minimum) {
        this.minimumObservations = Math.max(this.minimumObservations, minimum);
    }

    /** At least two (one price cannot show a slope); when several rows apply, the strictest counts. */
    public void setMinimumDistinctPrices(int minimum) {
        this.minimumDistinctPrices = Math.max(this.minimumDistinctPrices, minimum);
    }

    public int minimumObservations() {
        return minimumObservations;
    }

    public int minimumDistinctPrices() {
        return minimumDistinctPrices;
    }
}
