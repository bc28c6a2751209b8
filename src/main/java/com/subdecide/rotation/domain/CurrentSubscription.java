package com.subdecide.rotation.domain;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A subscription the user pays for now. A subscription bought through a reseller channel ({@code via}) is
 * the same subscription.
 */
public class CurrentSubscription {

    private final String platformId;
    private final String tierId;
    private final BigDecimal monthlyCost;
    private final LocalDate nextBillingDate;
    private final String via;

    public CurrentSubscription(String platformId, String tierId, BigDecimal monthlyCost, LocalDate nextBillingDate,
            String via) {
        this.platformId = platformId;
        this.tierId = tierId;
        this.monthlyCost = monthlyCost;
        this.nextBillingDate = nextBillingDate;
        this.via = via;
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

    public BigDecimal getMonthlyCost() {
        return monthlyCost;
    }

    public LocalDate getNextBillingDate() {
        return nextBillingDate;
    }

    public String getVia() {
        return via;
    }
}
