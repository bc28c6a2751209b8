package com.subdecide.benefits.population;

/** A capacity: at most {@code maxUsers} members get the benefit. */
public record UserLimit(PoolBenefit benefit, long maxUsers) {
}
