package com.subdecide.benefits.population;

import java.util.List;

/**
 * One member as the rules see them: the free slots their tier leaves after core benefits, and the pool benefits
 * they may get (eligible, score at or above the tier's threshold), each with its score, its worth to the
 * objective (score × value, in millionths) and its value in cents (what a value capacity counts). {@code
 * conflicts} lists pairs of option positions the exclusion rules forbid together, as {@code a * 64 + b}.
 */
public final class Member {

    private final int index;
    private final String userId;
    private final String tier;
    private final int freeSlots;
    private final List<PoolBenefit> options;
    private final double[] score;
    private final long[] profit;
    private final long[] valueCents;
    private final int[] conflicts;

    public Member(int index, String userId, String tier, int freeSlots, List<PoolBenefit> options, double[] score,
            long[] profit, long[] valueCents, int[] conflicts) {
        this.index = index;
        this.userId = userId;
        this.tier = tier;
        this.freeSlots = freeSlots;
        this.options = List.copyOf(options);
        this.score = score;
        this.profit = profit;
        this.valueCents = valueCents;
        this.conflicts = conflicts;
    }

    public int getIndex() {
        return index;
    }

    public String getUserId() {
        return userId;
    }

    public String getTier() {
        return tier;
    }

    public int getFreeSlots() {
        return freeSlots;
    }

    public List<PoolBenefit> getOptions() {
        return options;
    }

    public int optionCount() {
        return options.size();
    }

    /** The option's position, or -1 when the benefit is not one of this member's options. */
    public int position(PoolBenefit benefit) {
        for (int i = 0; i < options.size(); i++) {
            if (options.get(i) == benefit) {
                return i;
            }
        }
        return -1;
    }

    public double score(int position) {
        return score[position];
    }

    public long profit(int position) {
        return profit[position];
    }

    public long valueCents(int position) {
        return valueCents[position];
    }

    public long profitOf(PoolBenefit benefit) {
        int p = position(benefit);
        return p < 0 ? 0 : profit[p];
    }

    public long valueCentsOf(PoolBenefit benefit) {
        int p = position(benefit);
        return p < 0 ? 0 : valueCents[p];
    }

    public boolean hasConflicts() {
        return conflicts.length > 0;
    }

    /** Whether the exclusion rules forbid holding both options. */
    public boolean conflict(int a, int b) {
        for (int c : conflicts) {
            if (c == a * 64 + b || c == b * 64 + a) {
                return true;
            }
        }
        return false;
    }

    public boolean excludes(PoolBenefit a, PoolBenefit b) {
        return conflicts.length > 0 && conflict(position(a), position(b));
    }

    @Override
    public String toString() {
        return userId;
    }
}
