package com.subdecide.pricing.solver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An upper bound on the portfolio's objective and feasible starts, by Lagrangian relaxation of the customer cap
 * (multiplier λ per customer affected) and the revenue target (μ per cent of revenue). With both priced in, the
 * problem falls apart into chains of tier-ordered cells, each solved exactly by dynamic programming over its
 * options; a tier pair that does not fit a chain (a cell with two lower or two upper neighbours) is dropped
 * from the relaxation, which keeps the bound valid. For every λ, μ ≥ 0 the relaxed optimum plus λ·cap − μ·target
 * bounds the true optimum from above; subgradient steps lower it. Without cap and target (and with every pair in
 * a chain) the first solve is the exact optimum.
 */
public final class Relaxation {

    /** The bound, the best feasible choice met (null if none) and how the search went. */
    public record Result(double bound, int[] best, long bestValue, int iterations, boolean exact, int droppedPairs,
            long millis) {
    }

    private final PortfolioProblem problem;
    private final List<int[]> chains = new ArrayList<>();
    private final PortfolioProblem.Pair[] pairBelow;
    private final int droppedPairs;

    public Relaxation(PortfolioProblem problem) {
        this.problem = problem;
        int n = problem.cells().size();
        pairBelow = new PortfolioProblem.Pair[n];
        PortfolioProblem.Pair[] pairAbove = new PortfolioProblem.Pair[n];
        int dropped = 0;
        for (PortfolioProblem.Pair p : problem.pairs()) {
            if (pairAbove[p.lower()] == null && pairBelow[p.upper()] == null && !closesCycle(pairAbove, p)) {
                pairAbove[p.lower()] = p;
                pairBelow[p.upper()] = p;
            } else {
                dropped++;
            }
        }
        droppedPairs = dropped;
        for (int i = 0; i < n; i++) {
            if (pairBelow[i] == null) {
                List<Integer> chain = new ArrayList<>();
                for (int c = i; ; c = pairAbove[c].upper()) {
                    chain.add(c);
                    if (pairAbove[c] == null) {
                        break;
                    }
                }
                chains.add(chain.stream().mapToInt(Integer::intValue).toArray());
            }
        }
    }

    private static boolean closesCycle(PortfolioProblem.Pair[] above, PortfolioProblem.Pair p) {
        for (int c = p.upper(); ; c = above[c].upper()) {
            if (c == p.lower()) {
                return true;
            }
            if (above[c] == null) {
                return false;
            }
        }
    }

    public Result solve(int maxIterations, long maxMillis) {
        long started = System.nanoTime();
        boolean relaxes = problem.hasCap() || problem.hasTarget();
        double lambda = 0;
        double mu = 0;
        double bound = Double.POSITIVE_INFINITY;
        int[] best = null;
        long bestValue = Long.MIN_VALUE;
        int[] choice = new int[problem.cells().size()];
        int iterations = 0;
        double step = 0;
        int sinceImproved = 0;
        while (iterations < maxIterations) {
            iterations++;
            double relaxed = solveRelaxed(lambda, mu, choice);
            double value = relaxed + (problem.hasCap() ? lambda * problem.maxAffected() : 0)
                    - (problem.hasTarget() ? mu * problem.minRevenue() : 0);
            if (value < bound - 1e-9) {
                bound = value;
                sinceImproved = 0;
            } else {
                sinceImproved++;
            }
            if (problem.feasible(choice)) {
                long v = problem.value(choice);
                if (v > bestValue) {
                    bestValue = v;
                    best = choice.clone();
                }
            }
            if (!relaxes || (best != null && bound - bestValue < 0.5)) {
                break;
            }
            double gCap = problem.hasCap() ? problem.maxAffected() - problem.affected(choice) : 0;
            double gTarget = problem.hasTarget() ? problem.revenue(choice) - problem.minRevenue() : 0;
            double norm = gCap * gCap + gTarget * gTarget;
            if (norm == 0 || (System.nanoTime() - started) / 1_000_000 > maxMillis) {
                break;
            }
            if (step == 0) {
                step = 2;
            }
            if (sinceImproved >= 10) {
                step /= 2;
                sinceImproved = 0;
                if (step < 1e-6) {
                    break;
                }
            }
            // Polyak's step toward the best feasible value met, or 5% below the bound before one is met.
            double targetValue = best != null ? bestValue : bound - Math.max(1, Math.abs(bound) * 0.05);
            double t = step * Math.max(1e-9, value - targetValue) / norm;
            lambda = Math.max(0, lambda - t * gCap);
            mu = Math.max(0, mu - t * gTarget);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        boolean exact = !relaxes && droppedPairs == 0 && best != null && Math.abs(bound - bestValue) < 0.5;
        if (best != null && bound < bestValue) {
            bound = bestValue;
        }
        return new Result(bound, best, bestValue, iterations, exact, droppedPairs, millis);
    }

    /** Solves each chain exactly for weights value − λ·affected + μ·revenue; fills {@code choice}. */
    private double solveRelaxed(double lambda, double mu, int[] choice) {
        double total = 0;
        for (int[] chain : chains) {
            double[] previous = null;
            int[][] from = new int[chain.length][];
            for (int k = 0; k < chain.length; k++) {
                List<PortfolioProblem.Option> options = problem.cells().get(chain[k]).options();
                double[] current = new double[options.size()];
                from[k] = new int[options.size()];
                for (int j = 0; j < options.size(); j++) {
                    PortfolioProblem.Option o = options.get(j);
                    double w = o.value() - lambda * o.affected() + mu * o.revenue();
                    if (previous == null) {
                        current[j] = w;
                        continue;
                    }
                    List<PortfolioProblem.Option> below = problem.cells().get(chain[k - 1]).options();
                    PortfolioProblem.Pair pair = pairBelow[chain[k]];
                    double bestPrev = Double.NEGATIVE_INFINITY;
                    int arg = -1;
                    for (int i = 0; i < below.size(); i++) {
                        if (previous[i] > bestPrev && pair.holds(below.get(i).price(), o.price())) {
                            bestPrev = previous[i];
                            arg = i;
                        }
                    }
                    current[j] = arg < 0 ? Double.NEGATIVE_INFINITY : w + bestPrev;
                    from[k][j] = arg;
                }
                previous = current;
            }
            int arg = 0;
            for (int j = 1; j < previous.length; j++) {
                if (previous[j] > previous[arg]) {
                    arg = j;
                }
            }
            total += previous[arg];
            for (int k = chain.length - 1; k >= 0; k--) {
                choice[chain[k]] = Math.max(0, arg);
                if (k > 0) {
                    arg = from[k][Math.max(0, arg)];
                }
            }
        }
        return total;
    }

    int[] keepCurrent() {
        int[] keep = new int[problem.cells().size()];
        Arrays.setAll(keep, i -> Math.max(0, problem.cells().get(i).keep()));
        return keep;
    }
}
