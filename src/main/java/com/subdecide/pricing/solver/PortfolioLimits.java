package com.subdecide.pricing.solver;

/** The portfolio's caps as one problem fact: customers affected (negative: none) and revenue target (cents). */
public record PortfolioLimits(long maxAffected, boolean hasTarget, long minRevenue) {
}
