package com.subdecide.campaigns.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An event (or, for time-based triggers, a user's daily sweep reading, type {@code SWEEP}) with what the trigger
 * table's conditions read about its user. Each matching row of {@code campaign-triggers.drl.xlsx} adds a route:
 * a campaign, a channel, the campaign's cooldown and its limit of messages per user.
 */
public class TriggerEvent {

    /** One row's route, in the order its columns set it. */
    public static final class Route {
        private final String rule;
        private String campaign;
        private String channel;
        private int cooldownDays;
        private int maxPerUser = Integer.MAX_VALUE;

        Route(String rule) {
            this.rule = rule;
        }

        public String rule() {
            return rule;
        }

        public String campaign() {
            return campaign;
        }

        public String channel() {
            return channel;
        }

        public int cooldownDays() {
            return cooldownDays;
        }

        public int maxPerUser() {
            return maxPerUser;
        }
    }

    private final String eventKey;
    private final String userId;
    private final String type;
    private final String segment;
    private final String planId;
    private final String tier;
    private final String churnRisk;
    private boolean riskAsked;
    private final String category;
    private final double amount;
    private final double ageHours;
    private final int daysSinceLastActivity;
    private final int daysSinceSubscribed;
    private final int countLast30Days;
    private final Map<String, Route> routes = new LinkedHashMap<>();

    /**
     * @param eventKey              the event id, or {@code sweep:<date>} for a sweep reading
     * @param churnRisk             the churn model's level ({@code LOW}, {@code MEDIUM}, {@code HIGH},
     *                              {@code CRITICAL}), {@code UNKNOWN} without a model or a subscription, or null
     *                              when not read yet: a row that asks for it then marks the event
     *                              ({@link #riskAsked()}) and does not match, and the caller reads the level and asks
     *                              again (scoring only the users some row asks about)
     * @param daysSinceLastActivity whole days since the user's latest behavioural event (a large number if none)
     * @param daysSinceSubscribed   whole days since the current subscription began (-1 if not subscribed)
     * @param countLast30Days       events of this type from the user in the last 30 days, this one included
     */
    public TriggerEvent(String eventKey, String userId, String type, String segment, String planId, String tier,
            String churnRisk, String category, double amount, double ageHours, int daysSinceLastActivity,
            int daysSinceSubscribed, int countLast30Days) {
        this.eventKey = eventKey;
        this.userId = userId;
        this.type = type;
        this.segment = segment;
        this.planId = planId;
        this.tier = tier;
        this.churnRisk = churnRisk;
        this.category = category;
        this.amount = amount;
        this.ageHours = ageHours;
        this.daysSinceLastActivity = daysSinceLastActivity;
        this.daysSinceSubscribed = daysSinceSubscribed;
        this.countLast30Days = countLast30Days;
    }

    /** Whether a row for {@code scope} ("every segment" or a segment id) applies. */
    public boolean segmentIs(String scope) {
        return "every segment".equals(scope) || scope.equals(segment);
    }

    /** Whether a row for {@code scope} ("every tier" or a membership tier) applies. */
    public boolean tierIs(String scope) {
        return "every tier".equals(scope) || scope.equals(tier);
    }

    /** Whether a row for {@code scope} ("any risk" or a churn-risk level) applies. */
    public boolean riskIs(String scope) {
        if ("any risk".equals(scope)) {
            return true;
        }
        if (churnRisk == null) {
            riskAsked = true;
            return false;
        }
        return scope.equals(churnRisk);
    }

    /** Whether a row asked for the churn risk while it was not read yet. */
    public boolean riskAsked() {
        return riskAsked;
    }

    /** The same event with its churn-risk level read. */
    public TriggerEvent withRisk(String level) {
        return new TriggerEvent(eventKey, userId, type, segment, planId, tier, level, category, amount, ageHours,
                daysSinceLastActivity, daysSinceSubscribed, countLast30Days);
    }

    public void routeCampaign(String campaign, String rule) {
        route(rule).campaign = campaign;
    }

    public void routeChannel(String channel, String rule) {
        route(rule).channel = channel;
    }

    public void routeCooldown(int days, String rule) {
        route(rule).cooldownDays = days;
    }

    public void routeMaxPerUser(int messages, String rule) {
        route(rule).maxPerUser = messages;
    }

    private Route route(String rule) {
        return routes.computeIfAbsent(rule, Route::new);
    }

    /** The routes the matching rows set, in firing order. */
    public List<Route> routes() {
        return new ArrayList<>(routes.values());
    }

    public String getEventKey() {
        return eventKey;
    }

    public String getUserId() {
        return userId;
    }

    public String getType() {
        return type;
    }

    public String getSegment() {
        return segment;
    }

    public String getPlanId() {
        return planId;
    }

    public String getTier() {
        return tier;
    }

    public String getChurnRisk() {
        return churnRisk;
    }

    public String getCategory() {
        return category;
    }

    public double getAmount() {
        return amount;
    }

    public double getAgeHours() {
        return ageHours;
    }

    public int getDaysSinceLastActivity() {
        return daysSinceLastActivity;
    }

    public int getDaysSinceSubscribed() {
        return daysSinceSubscribed;
    }

    public int getCountLast30Days() {
        return countLast30Days;
    }
}
