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

    /**
     * A full-size month of varied difficulty, drawn the way real catalogues look rather than uniformly: 25
     * platforms × 3 tiers with prices on different scales, 5 bundles of 2–3 platforms (some at the standard tier),
     * 400 watchlist entries whose platforms follow a skewed popularity (a Zipf law whose exponent varies by
     * month, so a few platforms carry most titles), 5–30% of titles on two or three platforms, shared group lists
     * that name a title again with a higher priority, titles leaving within 0–3 days (the urgency override) and
     * later in the cycle, premieres after the cycle, and a budget from $15 to $90.99 (what a household spends on
     * streaming), half of them on a .99 ending.
     */
    public static RotationRequest varied(long seed) {
        Random random = new Random(seed ^ 0x5DEECE66DL);
        int platformCount = 25;
        LocalDate asOf = LocalDate.of(2026, 1, 1).plusDays(random.nextInt(365));
        List<Platform> platforms = new ArrayList<>();
        for (int p = 0; p < platformCount; p++) {
            int scale = random.nextInt(4);
            int ads = (scale == 0 ? 299 : scale == 1 ? 499 : scale == 2 ? 699 : 899) + 100 * random.nextInt(4);
            int standard = ads + 200 + 100 * random.nextInt(9);
            int premium = standard + 200 + 100 * random.nextInt(11);
            platforms.add(new Platform("p" + p, "Platform " + p, List.of(
                    new Tier("ads", "AD_SUPPORTED", cents(ads)),
                    new Tier("standard", "STANDARD", cents(standard)),
                    new Tier("premium", "PREMIUM", cents(premium)))));
        }
        org.apache.commons.math3.distribution.ZipfDistribution popularity =
                new org.apache.commons.math3.distribution.ZipfDistribution(
                        new org.apache.commons.math3.random.MersenneTwister(seed), platformCount,
                        0.4 + 0.9 * random.nextDouble());
        List<Integer> rank = new ArrayList<>();
        for (int p = 0; p < platformCount; p++) {
            rank.add(p);
        }
        java.util.Collections.shuffle(rank, random);
        List<Bundle> bundles = new ArrayList<>();
        Set<Set<Integer>> bundled = new java.util.HashSet<>();
        while (bundles.size() < 5) {
            Set<Integer> members = new java.util.TreeSet<>();
            int size = 2 + random.nextInt(2);
            while (members.size() < size) {
                members.add(rank.get(popularity.sample() - 1));
            }
            if (!bundled.add(members)) {
                continue;
            }
            String tier = random.nextInt(3) == 0 ? "standard" : "ads";
            long separate = 0;
            List<BundleItem> includes = new ArrayList<>();
            for (int p : members) {
                includes.add(new BundleItem("p" + p, tier));
                separate += platforms.get(p).tiers().get(tier.equals("ads") ? 0 : 1).monthlyCost().movePointRight(2)
                        .longValue();
            }
            bundles.add(new Bundle("b" + bundles.size(), "Bundle " + bundles.size(),
                    cents(separate * (55 + random.nextInt(35)) / 100), includes));
        }
        List<WatchItem> watchlist = new ArrayList<>();
        List<CatalogEntry> catalog = new ArrayList<>();
        List<LifecycleEntry> lifecycle = new ArrayList<>();
        int mustShare = 10 + random.nextInt(40);
        int sharedShare = 5 + random.nextInt(26);
        for (int t = 0; watchlist.size() < 400; t++) {
            String id = "t" + t;
            boolean series = random.nextBoolean();
            int roll = random.nextInt(100);
            String status = roll < 8 ? "COMPLETED" : roll < 12 ? "HIBERNATING" : roll < 35 && series ? "IN_PROGRESS"
                    : "WANT";
            boolean must = random.nextInt(100) < mustShare;
            BigDecimal rec = BigDecimal.valueOf(5 + random.nextInt(96), 2);
            Integer total = series ? 6 + random.nextInt(10) : null;
            Integer watched = "IN_PROGRESS".equals(status) ? 1 + random.nextInt(total - 1) : null;
            watchlist.add(new WatchItem(id, "Title " + t, series ? "SERIES" : "MOVIE",
                    must ? "MUST_WATCH" : "NICE_TO_WATCH", rec, status, watched, total, List.of("own")));
            if (!must && watchlist.size() < 400 && random.nextInt(100) < 12) {
                watchlist.add(new WatchItem(id, "Title " + t, series ? "SERIES" : "MOVIE", "MUST_WATCH", rec, status,
                        watched, total, List.of("group:" + (random.nextBoolean() ? "family" : "friends"))));
            }
            Set<String> carriers = new LinkedHashSet<>();
            carriers.add("p" + rank.get(popularity.sample() - 1));
            if (random.nextInt(100) < sharedShare) {
                int wanted = 2 + (random.nextInt(4) == 0 ? 1 : 0);
                for (int attempt = 0; carriers.size() < wanted && attempt < 20; attempt++) {
                    carriers.add("p" + rank.get(popularity.sample() - 1));
                }
            }
            catalog.add(new CatalogEntry(id, List.copyOf(carriers)));
            List<String> on = List.copyOf(carriers);
            int lifecycleRoll = random.nextInt(100);
            String where = on.get(random.nextInt(on.size()));
            if (lifecycleRoll < 6) {
                lifecycle.add(new LifecycleEntry(id, where, asOf.plusDays(random.nextInt(4)), null));
            } else if (lifecycleRoll < 14) {
                lifecycle.add(new LifecycleEntry(id, where, asOf.plusDays(4 + random.nextInt(40)), null));
            } else if (lifecycleRoll < 20) {
                lifecycle.add(new LifecycleEntry(id, where, null, asOf.plusDays(random.nextInt(75))));
            }
        }
        List<Subscription> subscriptions = new ArrayList<>();
        Set<Integer> subscribed = new LinkedHashSet<>();
        int current = random.nextInt(7);
        while (subscribed.size() < current) {
            subscribed.add(rank.get(popularity.sample() - 1));
        }
        for (int p : subscribed) {
            Tier tier = platforms.get(p).tiers().get(random.nextInt(3));
            BigDecimal paid = random.nextInt(4) == 0 ? tier.monthlyCost().subtract(cents(100 + random.nextInt(200)))
                    .max(cents(99)) : tier.monthlyCost();
            subscriptions.add(new Subscription("p" + p, tier.tierId(), paid, asOf.plusDays(1 + random.nextInt(30)),
                    null));
        }
        BigDecimal budget = cents(1500 + 100L * random.nextInt(76) + (random.nextBoolean() ? 99 : 0));
        return new RotationRequest("varied-" + seed, asOf, budget, "USD", watchlist, subscriptions, platforms, bundles,
                catalog, lifecycle);
    }

    private static BigDecimal cents(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }
}
