package com.subdecide.rotation.solver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Small random rotation problems, small enough to enumerate every plan. */
final class RandomInstances {

    private static final double[] QUALITIES = {0.85, 0.95, 1.0};

    private RandomInstances() {
    }

    static RotationSolution create(Random random) {
        int platformCount = 2 + random.nextInt(4);
        List<String> platforms = new ArrayList<>();
        Map<String, List<AccessOption>> tiers = new LinkedHashMap<>();
        List<AccessOption> options = new ArrayList<>(List.of(AccessOption.NONE));
        for (int p = 0; p < platformCount; p++) {
            String platform = "p" + p;
            platforms.add(platform);
            List<AccessOption> own = new ArrayList<>();
            int tierCount = 1 + random.nextInt(3);
            for (int k = 0; k < tierCount; k++) {
                own.add(AccessOption.tier(platform, "t" + k, 300 + random.nextInt(2200),
                        QUALITIES[random.nextInt(QUALITIES.length)]));
            }
            tiers.put(platform, own);
            options.addAll(own);
        }
        List<BundleMember> members = new ArrayList<>();
        Map<String, List<AccessOption>> bundlesOf = new HashMap<>();
        int bundleCount = random.nextInt(3);
        for (int b = 0; b < bundleCount; b++) {
            int first = random.nextInt(platformCount);
            int second = (first + 1 + random.nextInt(platformCount - 1)) % platformCount;
            Map<String, Double> quality = new LinkedHashMap<>();
            long separate = 0;
            for (int p : new int[] {first, second}) {
                AccessOption tier = tiers.get(platforms.get(p)).get(0);
                quality.put(platforms.get(p), tier.qualityAt(platforms.get(p)));
                separate += tier.getCostCents();
                members.add(new BundleMember("b" + b, platforms.get(p)));
            }
            AccessOption bundle = AccessOption.bundle("b" + b, separate * (60 + random.nextInt(40)) / 100, quality);
            options.add(bundle);
            quality.keySet().forEach(p -> bundlesOf.computeIfAbsent(p, x -> new ArrayList<>()).add(bundle));
        }
        List<TitleOnPlatform> carried = new ArrayList<>();
        int titleCount = 2 + random.nextInt(11);
        for (int t = 0; t < titleCount; t++) {
            TitleValue title = new TitleValue("title" + t, 0.1 + random.nextInt(1500) / 100.0, random.nextInt(10) == 0);
            int first = random.nextInt(platformCount);
            carried.add(new TitleOnPlatform(title, platforms.get(first)));
            if (random.nextInt(4) == 0) {
                carried.add(new TitleOnPlatform(title, platforms.get((first + 1) % platformCount)));
            }
        }
        List<CurrentTier> current = new ArrayList<>();
        List<PlatformSlot> slots = new ArrayList<>();
        for (String platform : platforms) {
            List<AccessOption> own = new ArrayList<>(List.of(AccessOption.NONE));
            own.addAll(tiers.get(platform));
            own.addAll(bundlesOf.getOrDefault(platform, List.of()));
            slots.add(new PlatformSlot(platform, own));
            if (random.nextInt(3) == 0) {
                current.add(new CurrentTier(platform, "t" + random.nextInt(tiers.get(platform).size())));
            }
        }
        return new RotationSolution(slots, options, carried, members, current, new Budget(random.nextInt(6000)));
    }
}
