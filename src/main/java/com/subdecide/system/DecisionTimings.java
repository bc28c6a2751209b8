package com.subdecide.system;

/**
 * Microseconds spent in each stage of a decision.
 *
 * @param rulesMicros rule evaluation (Drools)
 * @param solveMicros optimisation (OptaPlanner and its exact check)
 * @param totalMicros end to end inside the service, excluding the log write
 */
public record DecisionTimings(long rulesMicros, long solveMicros, long totalMicros) {
}
