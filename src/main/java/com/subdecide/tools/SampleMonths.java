package com.subdecide.tools;

import com.subdecide.rotation.RotationRequest;
import com.subdecide.rotation.RotationRequest.Bundle;
import com.subdecide.rotation.RotationRequest.BundleItem;
import com.subdecide.rotation.RotationRequest.CatalogEntry;
import com.subdecide.rotation.RotationRequest.LifecycleEntry;
import com.subdecide.rotation.RotationRequest.Platform;
import com.subdecide.rotation.RotationRequest.Subscription;
import com.subdecide.rotation.RotationRequest.Tier;
import com.subdecide.rotation.RotationRequest.WatchItem;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Realistic, seeded sample months for benchmarks and demos: platforms with ad-supported, standard and premium
 * tiers, bundles at a discount, a watchlist with must-watch and in-progress titles, some leaving soon, some
 * premiering, and titles carried by more than one platform.
 */
public final class SampleMonths {

    /**
     * @param platforms     number of platforms (each with three tiers)
     * @param bundles       number of bundles of two or three platforms
     * @param titles        watchlist size (every title is in the catalog)
     * @param sharedPercent share of titles carried by two or more platforms
     */
    public record Shape(int platforms, int bundles, int titles, int sharedPercent) {

        /** The benchmark shape: 25 platforms × 3 tiers, 5 bundles, 400 titles, ~20% on two or more platforms. */
        public static final Shape BENCHMARK = new Shape(25, 5, 400, 20);
    }

    private SampleMonths() {
    }

    public static RotationRequest create(Shape shape, long seed) {
        Random random = new Random(seed);
        LocalDate asOf = LocalDate.of(2026, 11, 1).plusDays(random.nextInt(60));
        List<Platform> platforms = new ArrayList<>();
        for (int p = 0; p < shape.platforms(); p++) {
            int ads = 499 + random.nextInt(600);
            int standard = ads + 300 + random.nextInt(700);
            int premium = standard + 300 + random.nextInt(900);
            platforms.add(new Platform("p" + p, "Platform " + p, List.of(
                    new Tier("ads", "AD_SUPPORTED", cents(ads)),
                    new Tier("standard", "STANDARD", cents(standard)),
                    new Tier("premium", "PREMIUM", cents(premium)))));
        }
        List<Bundle> bundles = new ArrayList<>();
        for (int b = 0; b < shape.bundles(); b++) {
            Set<Integer> members = new LinkedHashSet<>();
            int size = 2 + random.nextInt(2);
            while (members.size() < size) {
                members.add(random.nextInt(shape.platforms()));
            }
            long separate = 0;
            List<BundleItem> includes = new ArrayList<>();
            for (int p : members) {
                includes.add(new BundleItem("p" + p, "ads"));
                separate += platforms.get(p).tiers().get(0).monthlyCost().movePointRight(2).longValue();
            }
            bundles.add(new Bundle("b" + b, "Bundle " + b, cents(separate * (65 + random.nextInt(20)) / 100), includes));
        }
        List<WatchItem> watchlist = new ArrayList<>();
        List<CatalogEntry> catalog = new ArrayList<>();
        List<LifecycleEntry> lifecycle = new ArrayList<>();
        for (int t = 0; t < shape.titles(); t++) {
            String id = "t" + t;
            boolean series = random.nextBoolean();
            int roll = random.nextInt(100);
            String status = roll < 10 ? "COMPLETED" : roll < 15 ? "HIBERNATING" : roll < 30 && series ? "IN_PROGRESS" : "WANT";
            String priority = random.nextInt(100) < 30 ? "MUST_WATCH" : "NICE_TO_WATCH";
            BigDecimal rec = BigDecimal.valueOf(30 + random.nextInt(71), 2);
            watchlist.add(new WatchItem(id, "Title " + t, series ? "SERIES" : "MOVIE", priority, rec, status, null,
                    null, List.of(random.nextInt(4) == 0 ? "group:family" : "own")));
            Set<String> carriers = new LinkedHashSet<>();
            carriers.add("p" + random.nextInt(shape.platforms()));
            if (random.nextInt(100) < shape.sharedPercent()) {
                while (carriers.size() < 2 + random.nextInt(2)) {
                    carriers.add("p" + random.nextInt(shape.platforms()));
                }
            }
            catalog.add(new CatalogEntry(id, List.copyOf(carriers)));
            String first = carriers.iterator().next();
            int lifecycleRoll = random.nextInt(100);
            if (lifecycleRoll < 8) {
                lifecycle.add(new LifecycleEntry(id, first, asOf.plusDays(random.nextInt(45)), null));
            } else if (lifecycleRoll < 13) {
                lifecycle.add(new LifecycleEntry(id, first, null, asOf.plusDays(random.nextInt(60))));
            }
        }
        List<Subscription> subscriptions = new ArrayList<>();
        Set<Integer> subscribed = new LinkedHashSet<>();
        while (subscribed.size() < Math.min(4, shape.platforms())) {
            subscribed.add(random.nextInt(shape.platforms()));
        }
        for (int p : subscribed) {
            Tier tier = platforms.get(p).tiers().get(random.nextInt(3));
            subscriptions.add(new Subscription("p" + p, tier.tierId(), tier.monthlyCost(),
                    asOf.plusDays(1 + random.nextInt(30)), null));
        }
        BigDecimal budget = cents(2000 + random.nextInt(6001));
        return new RotationRequest("bench-" + seed, asOf, budget, "USD", watchlist, subscriptions, platforms, bundles,
                catalog, lifecycle);
    }

    private static BigDecimal cents(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }
}
