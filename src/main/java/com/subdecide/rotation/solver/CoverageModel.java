package com.subdecide.rotation.solver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rotation problem in arrays, for exact search: platforms with their tier options, bundles with their
 * member platforms, and for every option the titles it covers with the value each would contribute.
 */
final class CoverageModel {

    /** An option's covered titles and the contribution (ten-thousandths) each would get through it. */
    record Cover(int[] titles, long[] contributions) {
    }

    final List<PlatformSlot> slots;
    final AccessOption[][] tiers;
    final Cover[][] tierCovers;
    final AccessOption[] bundles;
    final Cover[] bundleCovers;
    final int[][] bundleMembers;
    final int[] currentTier;
    final boolean[] urgent;
    final boolean anyUrgent;
    final int titleCount;
    final long budget;

    CoverageModel(RotationSolution solution) {
        slots = solution.getSlots();
        budget = solution.getBudget().cents();
        Map<String, Integer> platformIndex = new HashMap<>();
        for (int p = 0; p < slots.size(); p++) {
            platformIndex.put(slots.get(p).getPlatformId(), p);
        }
        Map<TitleValue, Integer> titleIndex = new IdentityHashMap<>();
        List<List<TitleValue>> titlesOn = new ArrayList<>();
        for (int p = 0; p < slots.size(); p++) {
            titlesOn.add(new ArrayList<>());
        }
        for (TitleOnPlatform carried : solution.getTitlesOnPlatforms()) {
            Integer p = platformIndex.get(carried.platformId());
            if (p != null) {
                titleIndex.putIfAbsent(carried.title(), titleIndex.size());
                titlesOn.get(p).add(carried.title());
            }
        }
        titleCount = titleIndex.size();
        urgent = new boolean[titleCount];
        boolean anyUrgentTitle = false;
        for (Map.Entry<TitleValue, Integer> title : titleIndex.entrySet()) {
            urgent[title.getValue()] = title.getKey().urgent();
            anyUrgentTitle |= title.getKey().urgent();
        }
        anyUrgent = anyUrgentTitle;

        Map<String, String> currentTierId = new HashMap<>();
        for (CurrentTier current : solution.getCurrentTiers()) {
            currentTierId.put(current.platformId(), current.tierId());
        }
        tiers = new AccessOption[slots.size()][];
        tierCovers = new Cover[slots.size()][];
        currentTier = new int[slots.size()];
        Map<String, AccessOption> bundleById = new LinkedHashMap<>();
        for (int p = 0; p < slots.size(); p++) {
            PlatformSlot slot = slots.get(p);
            List<AccessOption> own = new ArrayList<>();
            for (AccessOption option : slot.getOptions()) {
                if (option.getKind() == AccessOption.Kind.TIER) {
                    own.add(option);
                } else if (option.isBundle()) {
                    bundleById.putIfAbsent(option.getBundleId(), option);
                }
            }
            tiers[p] = own.toArray(AccessOption[]::new);
            tierCovers[p] = new Cover[tiers[p].length];
            currentTier[p] = -1;
            for (int k = 0; k < tiers[p].length; k++) {
                Map<Integer, Long> best = new LinkedHashMap<>();
                addCover(best, titlesOn.get(p), tiers[p][k].qualityAt(slot.getPlatformId()), titleIndex);
                tierCovers[p][k] = toCover(best);
                if (tiers[p][k].getTierId().equals(currentTierId.get(slot.getPlatformId()))) {
                    currentTier[p] = k;
                }
            }
        }
        bundles = bundleById.values().toArray(AccessOption[]::new);
        bundleCovers = new Cover[bundles.length];
        bundleMembers = new int[bundles.length][];
        for (int b = 0; b < bundles.length; b++) {
            Map<Integer, Long> best = new LinkedHashMap<>();
            List<Integer> members = new ArrayList<>();
            for (Map.Entry<String, Double> member : bundles[b].getQualityByPlatform().entrySet()) {
                Integer p = platformIndex.get(member.getKey());
                if (p != null) {
                    members.add(p);
                    addCover(best, titlesOn.get(p), member.getValue(), titleIndex);
                }
            }
            bundleMembers[b] = members.stream().mapToInt(Integer::intValue).sorted().toArray();
            bundleCovers[b] = toCover(best);
        }
    }

    private static void addCover(Map<Integer, Long> best, List<TitleValue> titles, double quality,
            Map<TitleValue, Integer> titleIndex) {
        for (TitleValue title : titles) {
            best.merge(titleIndex.get(title), title.contribution(quality), Math::max);
        }
    }

    private static Cover toCover(Map<Integer, Long> best) {
        int[] titles = new int[best.size()];
        long[] contributions = new long[best.size()];
        int i = 0;
        for (Map.Entry<Integer, Long> entry : best.entrySet()) {
            titles[i] = entry.getKey();
            contributions[i++] = entry.getValue();
        }
        return new Cover(titles, contributions);
    }
}
