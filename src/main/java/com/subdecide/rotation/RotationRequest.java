package com.subdecide.rotation;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * One user's month, validated: what they want to watch, what they pay for now, and what the platforms offer.
 * Defaults are already applied; see {@code docs/api.md}.
 */
public record RotationRequest(String userId, LocalDate asOf, BigDecimal budgetCap, String currency,
        List<WatchItem> watchlist, List<Subscription> activeSubscriptions, List<Platform> platforms,
        List<Bundle> bundles, List<CatalogEntry> catalog, List<LifecycleEntry> contentLifecycle) {

    public record WatchItem(String titleId, String name, String kind, String priority, BigDecimal recScore,
            String status, Integer episodesWatched, Integer episodesTotal, List<String> lists) {
    }

    public record Subscription(String platformId, String tierId, BigDecimal monthlyCost, LocalDate nextBillingDate,
            String via) {
    }

    public record Platform(String platformId, String name, List<Tier> tiers) {
    }

    public record Tier(String tierId, String level, BigDecimal monthlyCost) {
    }

    public record Bundle(String bundleId, String name, BigDecimal monthlyCost, List<BundleItem> includes) {
    }

    public record BundleItem(String platformId, String tierId) {
    }

    public record CatalogEntry(String titleId, List<String> platformIds) {
    }

    public record LifecycleEntry(String titleId, String platformId, LocalDate leavingDate, LocalDate premiereDate) {
    }
}
