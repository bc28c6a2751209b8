package com.subdecide.rotation.domain;

import java.math.BigDecimal;

/** A platform's pricing tier; the tier-quality table sets how much of a title's value it delivers. */
public class AccessTier {

    private final String platformId;
    private final String tierId;
    private final String level;
    private final BigDecimal monthlyCost;
    private double quality = 1.0;

    public AccessTier(String platformId, String tierId, String level, BigDecimal monthlyCost) {
        this.platformId = platformId;
        this.tierId = tierId;
        this.level = level;
        this.monthlyCost = monthlyCost;
    }

    public String getPlatformId() {
        return platformId;
    }

    public String getTierId() {
        return tierId;
    }

    public String getLevel() {
        return level;
    }

    public BigDecimal getMonthlyCost() {
        return monthlyCost;
    }

    public double getQuality() {
        return quality;
    }

    public void setQuality(double quality) {
        this.quality = quality;
    }
}
