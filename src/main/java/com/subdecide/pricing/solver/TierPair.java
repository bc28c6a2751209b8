package com.subdecide.pricing.solver;

/** A tier order as a problem fact: the cell {@code upper} at least (1 + minGap) times the cell {@code lower}. */
public record TierPair(int lower, int upper, double minGap) {
}
