package com.subdecide.benefits.population;

/** A capacity: the benefit's values over the members who get it add up to at most {@code maxCents}. */
public record ValueLimit(PoolBenefit benefit, long maxCents) {
}
