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
 * bounds the true optimum from above; the dual is convex, and golden-section searches over one multiplier at a
 * time lower it. Without cap and target (and with every pair in
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
        Search search = new Search(started, maxMillis, maxIterations);
        boolean relaxes = problem.hasCap() || problem.hasTarget();
        double lambda = 0;
        double mu = 0;
        search.dual(lambda, mu);
        if (relaxes && !search.closed()) {
            // The dual is convex in (λ, μ): minimise it one multiplier at a time by golden-section search.
            double lambdaMax = problem.hasCap() ? lambdaMax() : 0;
            double muMax = problem.hasTarget() ? 10 : 0;
            for (int round = 0; round < 6 && !search.spent() && !search.closed(); round++) {
                double before = search.bound;
                if (problem.hasCap()) {
                    final double m = mu;
                    lambda = golden(l -> search.dual(l, m), 0, lambdaMax, search);
                }
                if (problem.hasTarget()) {
                    final double l = lambda;
                    mu = golden(x -> search.dual(l, x), 0, muMax, search);
                }
                if (before - search.bound < 1e-6 * Math.max(1, Math.abs(before))) {
                    break;
                }
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        double bound = search.bound;
        boolean exact = !relaxes && droppedPairs == 0 && search.best != null && Math.abs(bound - search.bestValue) < 0.5;
        if (search.best != null && bound < search.bestValue) {
            bound = search.bestValue;
        }
        return new Result(bound, search.best, search.bestValue, search.iterations, exact, droppedPairs, millis);
    }

    /** The dual evaluations so far: the lowest bound, the best feasible choice met. */
    private final class Search {
        final long started;
        final long maxMillis;
        final int maxIterations;
        double bound = Double.POSITIVE_INFINITY;
        int[] best;
        long bestValue = Long.MIN_VALUE;
        int iterations;
        final int[] choice = new int[problem.cells().size()];

        Search(long started, long maxMillis, int maxIterations) {
            this.started = started;
            this.maxMillis = maxMillis;
            this.maxIterations = maxIterations;
        }

        double dual(double lambda, double mu) {
            iterations++;
            double value = solveRelaxed(lambda, mu, choice) + (problem.hasCap() ? lambda * problem.maxAffected() : 0)
                    - (problem.hasTarget() ? mu * problem.minRevenue() : 0);
            bound = Math.min(bound, value);
            if (problem.feasible(choice)) {
                long v = problem.value(choice);
                if (v > bestValue) {
                    bestValue = v;
                    best = choice.clone();
                }
            }
            return value;
        }

        boolean spent() {
            return iterations >= maxIterations || (System.nanoTime() - started) / 1_000_000 > maxMillis;
        }

        boolean closed() {
            return best != null && bound - bestValue < 0.5;
        }
    }

    private static double golden(java.util.function.DoubleUnaryOperator f, double lo, double hi, Search search) {
        double phi = (Math.sqrt(5) - 1) / 2;
        double a = lo;
        double b = hi;
        double c = b - phi * (b - a);
        double d = a + phi * (b - a);
        double fc = f.applyAsDouble(c);
        double fd = f.applyAsDouble(d);
        for (int i = 0; i < 40 && !search.spent() && b - a > 1e-9 * Math.max(1, hi); i++) {
            if (fc <= fd) {
                b = d;
                d = c;
                fd = fc;
                c = b - phi * (b - a);
                fc = f.applyAsDouble(c);
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + phi * (b - a);
                fd = f.applyAsDouble(d);
            }
        }
        // The ends too: the minimum of a convex function on [lo, hi] may sit at either.
        double mid = (a + b) / 2;
        double fm = f.applyAsDouble(mid);
        double flo = f.applyAsDouble(lo);
        return flo <= fm ? lo : mid;
    }

    /** A multiplier past which changing any cell's price is never worth its customers. */
    private double lambdaMax() {
        double max = 1;
        for (PortfolioProblem.Cell c : problem.cells()) {
            long keep = c.keep() >= 0 ? c.options().get(c.keep()).value() : Long.MIN_VALUE;
            for (PortfolioProblem.Option o : c.options()) {
                if (o.affected() > 0) {
                    double gain = keep == Long.MIN_VALUE ? Math.abs((double) o.value()) : o.value() - keep;
                    max = Math.max(max, gain / o.affected() + 1);
                }
            }
        }
        return max * 1.5;
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
