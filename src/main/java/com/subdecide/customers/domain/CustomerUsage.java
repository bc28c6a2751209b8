package com.subdecide.customers.domain;

import java.util.ArrayList;
import java.util.List;

/** A customer's plan, usage and churn risk, which the expansion tables turn into opportunities. */
public class CustomerUsage {

    private final String customerId;
    private final String segment;
    private final int tierOrder;
    private final int topTier;
    private final int tenureMonths;
    private final int sessions30d;
    private final double usageTrend;
    private final double churnRisk;
    private final List<Opportunity> opportunities = new ArrayList<>();

    public CustomerUsage(String customerId, String segment, int tierOrder, int topTier, int tenureMonths,
            int sessions30d, double usageTrend, double churnRisk) {
        this.customerId = customerId;
        this.segment = segment;
        this.tierOrder = tierOrder;
        this.topTier = topTier;
        this.tenureMonths = tenureMonths;
        this.sessions30d = sessions30d;
        this.usageTrend = usageTrend;
        this.churnRisk = churnRisk;
    }

    public String getCustomerId() {
        return customerId;
    }

    public String getSegment() {
        return segment;
    }

    public int getTierOrder() {
        return tierOrder;
    }

    /** Whether a plan of a higher tier exists in the customer's currency. */
    public boolean isUpgradable() {
        return tierOrder < topTier;
    }

    public int getTenureMonths() {
        return tenureMonths;
    }

    /** Sessions (page views) in the last 30 days. */
    public int getSessions30d() {
        return sessions30d;
    }

    /** ln(1 + sessions in the last 30 days) − ln(1 + the monthly average of the 60 days before). */
    public double getUsageTrend() {
        return usageTrend;
    }

    public double getChurnRisk() {
        return churnRisk;
    }

    /**
     * An upgrade to the next tier; its revenue is the price difference, filled in from the price book. On the top
     * tier there is nothing to upgrade to, and the opportunity is dropped.
     */
    public Opportunity upgrade(String rule) {
        Opportunity o = new Opportunity("UPGRADE", rule);
        return isUpgradable() ? add(o) : o;
    }

    /** An add-on or cross-sell: {@code ADD_ON} or {@code CROSS_SELL}. */
    public Opportunity offer(String kind, String rule) {
        return add(new Opportunity(kind, rule));
    }

    private Opportunity add(Opportunity o) {
        opportunities.add(o);
        return o;
    }

    public List<Opportunity> opportunities() {
        return List.copyOf(opportunities);
    }
}
