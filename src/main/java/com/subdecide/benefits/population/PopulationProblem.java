package com.subdecide.benefits.population;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A population to allocate: each member's pool options (from the rules and scores) and what the search does not
 * decide but the outcome reports (core benefits, defaults in order, exclusions by benefit id), and the
 * capacities. Build it member by member with {@link #add}.
 */
public final class PopulationProblem {

    /** What a member's tier and the rules give outside the search; shared by members with the same offer. */
    public record Extras(List<String> core, List<String> defaults, List<List<String>> exclusions) {

        public boolean excludes(String a, String b) {
            for (List<String> pair : exclusions) {
                if (pair.get(0).equals(a) && pair.get(1).equals(b) || pair.get(0).equals(b) && pair.get(1).equals(a)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A pool benefit a member may get: its score, the tier's value for it, and the table row that offers it. */
    public record Option(String benefitId, double score, double value, String source) {
    }

    /** A global capacity on a benefit: at most {@code maxUsers} members, or values adding up to {@code maxValue}. */
    public record Capacity(String benefitId, Long maxUsers, java.math.BigDecimal maxValue) {
    }

    static final double PROFIT_UNIT = 1_000_000;

    private final Map<String, PoolBenefit> benefits = new LinkedHashMap<>();
    private final List<Member> members = new ArrayList<>();
    private final List<Extras> extras = new ArrayList<>();
    private final List<List<String>> sources = new ArrayList<>();
    private final Map<Extras, Extras> sharedExtras = new java.util.HashMap<>();
    private final List<Capacity> capacities;
    private int slotCount;

    public PopulationProblem(List<Capacity> capacities) {
        this.capacities = List.copyOf(capacities);
        capacities.forEach(c -> benefit(c.benefitId()));
    }

    /** Adds a member; {@code freeSlots} is the tier's slot count less its core benefits. */
    public void add(String userId, String tier, int freeSlots, List<Option> options, Extras memberExtras) {
        List<PoolBenefit> pool = new ArrayList<>(options.size());
        double[] score = new double[options.size()];
        long[] profit = new long[options.size()];
        long[] cents = new long[options.size()];
        List<String> rows = new ArrayList<>(options.size());
        List<Integer> conflicts = new ArrayList<>();
        for (int i = 0; i < options.size(); i++) {
            Option o = options.get(i);
            pool.add(benefit(o.benefitId()));
            score[i] = o.score();
            profit[i] = Math.round(o.score() * o.value() * PROFIT_UNIT);
            cents[i] = Math.round(o.value() * 100);
            rows.add(o.source());
            for (int j = 0; j < i; j++) {
                if (memberExtras.excludes(o.benefitId(), options.get(j).benefitId())) {
                    conflicts.add(j * 64 + i);
                }
            }
        }
        members.add(new Member(members.size(), userId, tier, Math.max(0, freeSlots), pool, score, profit, cents,
                conflicts.stream().mapToInt(Integer::intValue).toArray()));
        extras.add(sharedExtras.computeIfAbsent(memberExtras, e -> e));
        sources.add(rows);
        slotCount += Math.max(0, Math.min(freeSlots, options.size()));
    }

    private PoolBenefit benefit(String id) {
        return benefits.computeIfAbsent(id, k -> new PoolBenefit(benefits.size(), k));
    }

    public List<Member> members() {
        return members;
    }

    public List<PoolBenefit> benefits() {
        return List.copyOf(benefits.values());
    }

    public Extras extras(int member) {
        return extras.get(member);
    }

    /** The table row behind a member's option. */
    public String source(int member, int position) {
        return sources.get(member).get(position);
    }

    public List<Capacity> capacities() {
        return capacities;
    }

    /** Slots the search decides: per member, the free slots, but no more than their options. */
    public int slotCount() {
        return slotCount;
    }

    /** Per benefit index, the most members who may get it from the pool, or -1 when unlimited. */
    long[] maxUsers() {
        long[] max = new long[benefits.size()];
        java.util.Arrays.fill(max, -1);
        capacities.stream().filter(c -> c.maxUsers() != null)
                .forEach(c -> max[benefits.get(c.benefitId()).getIndex()] = c.maxUsers());
        return max;
    }

    /** Per benefit index, the most its values may add up to in cents, or -1 when unlimited. */
    long[] maxCents() {
        long[] max = new long[benefits.size()];
        java.util.Arrays.fill(max, -1);
        capacities.stream().filter(c -> c.maxValue() != null)
                .forEach(c -> max[benefits.get(c.benefitId()).getIndex()] = c.maxValue().movePointRight(2).longValue());
        return max;
    }
}
