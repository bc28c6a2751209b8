package com.subdecide.pricing.solver;

import java.util.List;

/**
 * A price portfolio to solve: per plan and segment (a cell) the candidate prices with what each is worth over the
 * horizon, the tier pairs that must stay ordered, and the portfolio's caps. Values and revenues are in cents.
 *
 * @param maxAffected at most this many customers see a new price within the horizon; negative: no cap
 * @param minRevenue the horizon's revenue must reach this (cents); {@link Long#MIN_VALUE}: no target
 */
public record PortfolioProblem(List<Cell> cells, List<Pair> pairs, long maxAffected, long minRevenue) {

    /** One candidate price of a cell. */
    public record Option(double price, long value, long revenue, long affected) {
    }

    /** A plan in a segment and its candidate prices; {@code keep} is the option of its current price, or -1. */
    public record Cell(int index, String planId, String segment, List<Option> options, int keep) {
    }

    /** The cell {@code upper} must be priced at least {@code (1 + minGap)} times the cell {@code lower}. */
    public record Pair(int lower, int upper, double minGap) {

        public boolean holds(double lowerPrice, double upperPrice) {
            return upperPrice + 1e-9 >= lowerPrice * (1 + minGap);
        }
    }

    public boolean hasCap() {
        return maxAffected >= 0;
    }

    public boolean hasTarget() {
        return minRevenue != Long.MIN_VALUE;
    }

    /** The objective of a choice (an option per cell). */
    public long value(int[] choice) {
        long v = 0;
        for (Cell c : cells) {
            v += c.options().get(choice[c.index()]).value();
        }
        return v;
    }

    public long revenue(int[] choice) {
        long v = 0;
        for (Cell c : cells) {
            v += c.options().get(choice[c.index()]).revenue();
        }
        return v;
    }

    public long affected(int[] choice) {
        long v = 0;
        for (Cell c : cells) {
            v += c.options().get(choice[c.index()]).affected();
        }
        return v;
    }

    /** Whether a choice keeps every pair, the cap and the target. */
    public boolean feasible(int[] choice) {
        for (Pair p : pairs) {
            if (!p.holds(price(p.lower(), choice), price(p.upper(), choice))) {
                return false;
            }
        }
        return (!hasCap() || affected(choice) <= maxAffected) && (!hasTarget() || revenue(choice) >= minRevenue);
    }

    double price(int cell, int[] choice) {
        return cells.get(cell).options().get(choice[cell]).price();
    }
}
