package com.subdecide.rotation.solver;

/**
 * What the exact phase established about the plan it leaves behind.
 *
 * @param proven       the search space was exhausted: no plan scores better
 * @param nodes        branch-and-bound nodes visited
 * @param improved     the exact phase found a better plan than the earlier phases
 * @param continued    the first pass hit its node limit and the search went on under the time limit
 * @param urgentValue  score levels of the best plan, as the exact phase computed them (ten-thousandths)
 * @param coveredValue covered value of the best plan (ten-thousandths)
 * @param costCents    monthly cost of the best plan
 * @param changes      current subscriptions not kept on their tier
 */
public record ExactSearchReport(boolean proven, long nodes, boolean improved, boolean continued, long urgentValue,
        long coveredValue, long costCents, long changes) {
}
