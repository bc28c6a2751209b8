package com.subdecide.rotation;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * One user's month, validated: what they want to watch, what they pay for now, and what the platforms offer.
 * Defaults are already applied; see {@code docs/api.md}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RotationRequest(String userId, LocalDate asOf, BigDecimal budgetCap, String currency,
        List<WatchItem> watchlist, List<Subscription> activeSubscriptions, List<Platform> platforms,
        List<Bundle> bundles, List<CatalogEntry> catalog, List<LifecycleEntry> contentLifecycle) {

    /** The same month under another budget. */
    public RotationRequest withBudget(BigDecimal budget) {
        return new RotationRequest(userId, asOf, budget, currency, watchlist, activeSubscriptions, platforms, bundles,
                catalog, contentLifecycle);
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)

    public record WatchItem(String titleId, String name, String kind, String priority, BigDecimal recScore,
            String status, Integer episodesWatched, Integer episodesTotal, List<String> lists) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)

    public record Subscription(String platformId, String tierId, BigDecimal monthlyCost, LocalDate nextBillingDate,
            String via) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)

    public record Platform(String platformId, String name, List<Tier> tiers) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)

    public record Tier(String tierId, String level, BigDecimal monthlyCost) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)

    public record Bundle(String bundleId, String name, BigDecimal monthlyCost, List<BundleItem> includes) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)

    public record BundleItem(String platformId, String tierId) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)

    public record CatalogEntry(String titleId, List<String> platformIds) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)

    public record LifecycleEntry(String titleId, String platformId, LocalDate leavingDate, LocalDate premiereDate) {
    }
}
