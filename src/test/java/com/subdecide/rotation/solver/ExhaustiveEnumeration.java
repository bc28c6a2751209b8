package com.subdecide.rotation.solver;

import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The exact optimum by brute force: every combination of one option per platform, written independently
 * of the service's search. Returns the best (urgent, value, -cost, -changes) as a long[4].
 */
final class ExhaustiveEnumeration {

    private ExhaustiveEnumeration() {
    }

    static long[] best(RotationSolution problem) {
        List<PlatformSlot> slots = problem.getSlots();
        AccessOption[] chosen = new AccessOption[slots.size()];
        long[][] best = {null};
        enumerate(problem, slots, 0, chosen, best);
        return best[0];
    }

    private static void enumerate(RotationSolution problem, List<PlatformSlot> slots, int index,
            AccessOption[] chosen, long[][] best) {
        if (index == slots.size()) {
            long[] score = score(problem, slots, chosen);
            if (score != null && (best[0] == null || compare(score, best[0]) > 0)) {
                best[0] = score;
            }
            return;
        }
        for (AccessOption option : slots.get(index).getOptions()) {
            chosen[index] = option;
            enumerate(problem, slots, index + 1, chosen, best);
        }
    }

    private static long[] score(RotationSolution problem, List<PlatformSlot> slots, AccessOption[] chosen) {
        Map<String, AccessOption> byPlatform = new HashMap<>();
        for (int i = 0; i < slots.size(); i++) {
            byPlatform.put(slots.get(i).getPlatformId(), chosen[i]);
        }
        for (BundleMember member : problem.getBundleMembers()) {
            for (AccessOption option : chosen) {
                if (option.isBundle() && option.getBundleId().equals(member.bundleId())
                        && byPlatform.get(member.platformId()) != option) {
                    return null;
                }
            }
        }
        Set<AccessOption> paid = new HashSet<>();
        for (AccessOption option : chosen) {
            if (option.isPaid()) {
                paid.add(option);
            }
        }
        long cost = paid.stream().mapToLong(AccessOption::getCostCents).sum();
        if (cost > problem.getBudget().cents()) {
            return null;
        }
        Map<TitleValue, Long> covered = new IdentityHashMap<>();
        for (TitleOnPlatform carried : problem.getTitlesOnPlatforms()) {
            AccessOption option = byPlatform.get(carried.platformId());
            long contribution = carried.title().contribution(option.qualityAt(carried.platformId()));
            covered.merge(carried.title(), contribution, Math::max);
        }
        long urgent = 0;
        long value = 0;
        for (Map.Entry<TitleValue, Long> entry : covered.entrySet()) {
            value += entry.getValue();
            if (entry.getKey().urgent()) {
                urgent += entry.getValue();
            }
        }
        long changes = problem.getCurrentTiers().stream()
                .filter(current -> !byPlatform.get(current.platformId()).isTier(current.tierId())).count();
        return new long[] {urgent, value, -cost, -changes};
    }

    static int compare(long[] a, long[] b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                return Long.compare(a[i], b[i]);
            }
        }
        return 0;
    }
}
