package com.subdecide.rotation.domain;

import java.math.BigDecimal;
import java.util.List;

/**
 * An access option the optimiser chose: one platform's tier, or a bundle covering several platforms.
 * {@code value} is the covered value that would be lost without it, used to drop the weakest first.
 */
public class ChosenAccess {

    private final String platformId;
    private final String tierId;
    private final String bundleId;
    private final List<String> platformIds;
    private final BigDecimal monthlyCost;
    private final double value;

    public ChosenAccess(String platformId, String tierId, String bundleId, List<String> platformIds,
            BigDecimal monthlyCost, double value) {
        this.platformId = platformId;
        this.tierId = tierId;
        this.bundleId = bundleId;
        this.platformIds = List.copyOf(platformIds);
        this.monthlyCost = monthlyCost;
        this.value = value;
    }

    public static ChosenAccess tier(String platformId, String tierId, BigDecimal monthlyCost, double value) {
        return new ChosenAccess(platformId, tierId, null, List.of(platformId), monthlyCost, value);
    }

    public static ChosenAccess bundle(String bundleId, List<String> platformIds, BigDecimal monthlyCost,
            double value) {
        return new ChosenAccess(null, null, bundleId, platformIds, monthlyCost, value);
    }

    public long getCostCents() {
        return Money.cents(monthlyCost);
    }

    public String getPlatformId() {
        return platformId;
    }

    public String getTierId() {
        return tierId;
    }

    public String getBundleId() {
        return bundleId;
    }

    public List<String> getPlatformIds() {
        return platformIds;
    }

    public BigDecimal getMonthlyCost() {
        return monthlyCost;
    }

    public double getValue() {
        return value;
    }
}
