package com.subdecide.pricing.domain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The limits on one plan's price in one segment, set by {@code decision-tables/pricing-constraints.drl.xlsx} and
 * {@code rules/pricing-guardrails.drl}. When several rows apply, the strictest value of each limit counts; each
 * limit remembers the rule (row) that set it, so an answer can name its cell.
 */
public class PriceLimits {

    private final String planId;
    private final String segment;
    private final int tierOrder;
    private final String currency;
    private final String interval;
    private final double currentPrice;
    private final Double competitorMedian;
    private final double monthlyChurn;

    private Double minimumPrice;
    private Double maximumPrice;
    private Double maxChangePercent;
    private Double competitivePercent;
    private int grandfatherMonths;
    private String priceEnding;
    private boolean increaseForbidden;
    private String increaseForbiddenReason;
    private int noticeDays;
    private final Map<String, String> setBy = new LinkedHashMap<>();

    public PriceLimits(String planId, String segment, int tierOrder, String currency, String interval,
            double currentPrice, Double competitorMedian, double monthlyChurn) {
        this.planId = planId;
        this.segment = segment;
        this.tierOrder = tierOrder;
        this.currency = currency;
        this.interval = interval;
        this.currentPrice = currentPrice;
        this.competitorMedian = competitorMedian;
        this.monthlyChurn = monthlyChurn;
    }

    /** Whether a row for {@code scope} ("every plan" or a plan id) applies. */
    public boolean planIs(String scope) {
        return "every plan".equals(scope) || scope.equals(planId);
    }

    /** Whether a row for {@code scope} ("every segment" or a segment id) applies. */
    public boolean segmentIs(String scope) {
        return "every segment".equals(scope) || scope.equals(segment);
    }

    public void atLeast(double price, String rule) {
        if (minimumPrice == null || price > minimumPrice) {
            minimumPrice = price;
            setBy.put("minimum_price", rule);
        }
    }

    public void atMost(double price, String rule) {
        if (maximumPrice == null || price < maximumPrice) {
            maximumPrice = price;
            setBy.put("maximum_price", rule);
        }
    }

    public void changeAtMost(double percent, String rule) {
        if (maxChangePercent == null || percent < maxChangePercent) {
            maxChangePercent = percent;
            setBy.put("max_change", rule);
        }
    }

    public void competitiveAtMost(double percent, String rule) {
        if (competitivePercent == null || percent < competitivePercent) {
            competitivePercent = percent;
            setBy.put("competitive_threshold", rule);
        }
    }

    public void grandfather(int months, String rule) {
        if (months > grandfatherMonths || !setBy.containsKey("grandfathering")) {
            grandfatherMonths = Math.max(grandfatherMonths, months);
            setBy.put("grandfathering", rule);
        }
    }

    /** The ending of every recommended price, e.g. {@code .99}; {@code any} leaves cents free. */
    public void endIn(String ending, String rule) {
        priceEnding = ending.trim();
        setBy.put("price_ending", rule);
    }

    public void forbidIncrease(String reason, String rule) {
        increaseForbidden = true;
        increaseForbiddenReason = reason;
        setBy.put("no_increase", rule);
    }

    /** Days of notice an increase needs before it reaches a renewal; the longest applying rule counts. */
    public void notice(int days, String rule) {
        if (days > noticeDays || !setBy.containsKey("notice_period")) {
            noticeDays = Math.max(noticeDays, days);
            setBy.put("notice_period", rule);
        }
    }

    public String getPlanId() {
        return planId;
    }

    public String getSegment() {
        return segment;
    }

    public int getTierOrder() {
        return tierOrder;
    }

    public String getCurrency() {
        return currency;
    }

    public String getInterval() {
        return interval;
    }

    public double getCurrentPrice() {
        return currentPrice;
    }

    /** The competitors' median price for the plan, or null without market data. */
    public Double getCompetitorMedian() {
        return competitorMedian;
    }

    /** The segment's observed monthly churn (cancellations over active subscriptions, last three months). */
    public double getMonthlyChurn() {
        return monthlyChurn;
    }

    public Double minimumPrice() {
        return minimumPrice;
    }

    public Double maximumPrice() {
        return maximumPrice;
    }

    public Double maxChangePercent() {
        return maxChangePercent;
    }

    public Double competitivePercent() {
        return competitivePercent;
    }

    public int grandfatherMonths() {
        return grandfatherMonths;
    }

    public String priceEnding() {
        return priceEnding;
    }

    public boolean increaseForbidden() {
        return increaseForbidden;
    }

    public String increaseForbiddenReason() {
        return increaseForbiddenReason;
    }

    public int noticeDays() {
        return noticeDays;
    }

    /** Per limit ({@code minimum_price}, {@code max_change}...), the rule that set it. */
    public Map<String, String> setBy() {
        return setBy;
    }
}
