package com.subdecide.rotation.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** One line of the action plan, derived by the guardrail rules from the chosen access and current subscriptions. */
public class PlanAction {

    public enum Type { KEEP, SUBSCRIBE, DOWNGRADE, CANCEL }

    private final Type type;
    private final String platformId;
    private final String bundleId;
    private final List<String> platformIds;
    private final String tierId;
    private final String fromTierId;
    private final BigDecimal monthlyCost;
    private final BigDecimal costReduction;
    private final LocalDate date;
    private final LocalDate accessUntil;

    private PlanAction(Type type, String platformId, String bundleId, List<String> platformIds, String tierId,
            String fromTierId, BigDecimal monthlyCost, BigDecimal costReduction, LocalDate date,
            LocalDate accessUntil) {
        this.type = type;
        this.platformId = platformId;
        this.bundleId = bundleId;
        this.platformIds = platformIds;
        this.tierId = tierId;
        this.fromTierId = fromTierId;
        this.monthlyCost = monthlyCost;
        this.costReduction = costReduction;
        this.date = date;
        this.accessUntil = accessUntil;
    }

    /** Kept on the tier paid for now; renews on the next billing date at the price paid now. */
    public static PlanAction keep(CurrentSubscription current) {
        return new PlanAction(Type.KEEP, current.getPlatformId(), null, List.of(current.getPlatformId()),
                current.getTierId(), null, current.getMonthlyCost(), null, current.getNextBillingDate(), null);
    }

    /** Moved to a cheaper tier of the same subscription, effective on the next billing date. */
    public static PlanAction downgrade(CurrentSubscription current, ChosenAccess chosen) {
        return new PlanAction(Type.DOWNGRADE, current.getPlatformId(), null, List.of(current.getPlatformId()),
                chosen.getTierId(), current.getTierId(), chosen.getMonthlyCost(),
                current.getMonthlyCost().subtract(chosen.getMonthlyCost()), current.getNextBillingDate(), null);
    }

    /** Moved to a dearer tier of the same subscription: a subscribe that names the tier it replaces. */
    public static PlanAction upgrade(CurrentSubscription current, ChosenAccess chosen) {
        return new PlanAction(Type.SUBSCRIBE, current.getPlatformId(), null, List.of(current.getPlatformId()),
                chosen.getTierId(), current.getTierId(), chosen.getMonthlyCost(), null, null, null);
    }

    /** A platform tier or a bundle not paid for now. */
    public static PlanAction subscribe(ChosenAccess chosen) {
        return new PlanAction(Type.SUBSCRIBE, chosen.getPlatformId(), chosen.getBundleId(), chosen.getPlatformIds(),
                chosen.getTierId(), null, chosen.getMonthlyCost(), null, null, null);
    }

    /** Cancelled the day before it would renew; access lasts until the next billing date. */
    public static PlanAction cancel(CurrentSubscription current) {
        return new PlanAction(Type.CANCEL, current.getPlatformId(), null, List.of(current.getPlatformId()),
                current.getTierId(), null, current.getMonthlyCost(), null,
                current.getNextBillingDate().minusDays(1), current.getNextBillingDate());
    }

    public Type getType() {
        return type;
    }

    public String getPlatformId() {
        return platformId;
    }

    public String getBundleId() {
        return bundleId;
    }

    public List<String> getPlatformIds() {
        return platformIds;
    }

    public String getTierId() {
        return tierId;
    }

    public String getFromTierId() {
        return fromTierId;
    }

    public BigDecimal getMonthlyCost() {
        return monthlyCost;
    }

    public BigDecimal getCostReduction() {
        return costReduction;
    }

    /** Renewal date (keep), effective date (downgrade) or execute date (cancel). */
    public LocalDate getDate() {
        return date;
    }

    public LocalDate getAccessUntil() {
        return accessUntil;
    }
}
