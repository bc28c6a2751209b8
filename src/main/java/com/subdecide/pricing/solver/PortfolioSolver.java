package com.subdecide.pricing.solver;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.optaplanner.core.api.score.buildin.hardsoftlong.HardSoftLongScore;
import org.optaplanner.core.api.solver.Solver;
import org.optaplanner.core.api.solver.SolverFactory;

/**
 * Solves a portfolio: the relaxation first (an upper bound, and the best feasible portfolio it met as the start),
 * then OptaPlanner's local search from that start, every move scored by {@link PortfolioConstraints}. Ends at the
 * time limit, at the solver's own termination, or when the portfolio reaches the bound.
 */
public final class PortfolioSolver {

    /**
     * The answer: an option position per cell, its objective and the bound (cents), whether the hard constraints
     * hold, and whether the bound is the exact optimum.
     */
    public record Solved(int[] choice, long objective, double bound, boolean feasible, boolean exact, String score,
            long startObjective, int relaxationIterations, int droppedPairs, long relaxationMillis, long searchMillis) {

        /** (bound − objective) / |bound|; 0 when the objective is the bound. */
        public double gap() {
            double denominator = Math.abs(bound);
            return denominator < 1 ? 0 : Math.max(0, (bound - objective) / denominator);
        }
    }

    private PortfolioSolver() {
    }

    public static Solved solve(PortfolioProblem problem, SolverFactory<PortfolioSolution> factory, long timeLimitMillis) {
        return solve(problem, factory, timeLimitMillis, true);
    }

    /** As above; without {@code warmStart} the search starts from every cell's current price (to measure the start). */
    public static Solved solve(PortfolioProblem problem, SolverFactory<PortfolioSolution> factory, long timeLimitMillis,
            boolean warmStart) {
        long started = System.nanoTime();
        Relaxation relaxation = new Relaxation(problem);
        Relaxation.Result relaxed = relaxation.solve(2_000, Math.max(100, timeLimitMillis / 4));
        int[] start = warmStart && relaxed.best() != null ? relaxed.best() : relaxation.keepCurrent();
        long startValue = problem.value(start);
        long bound = (long) Math.floor(relaxed.bound() + 1e-6);
        PortfolioSolution solution = solution(problem, start);
        if (relaxed.exact() && warmStart) {
            return new Solved(start, startValue, relaxed.bound(), true, true, "exact by dynamic programming over the "
                    + "tier chains", startValue, relaxed.iterations(), relaxed.droppedPairs(), relaxed.millis(), 0);
        }
        Solver<PortfolioSolution> solver = factory.buildSolver();
        solver.addEventListener(event -> {
            HardSoftLongScore score = (HardSoftLongScore) event.getNewBestScore();
            if (score.hardScore() == 0 && score.softScore() >= bound) {
                solver.terminateEarly();
            }
        });
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pricing-time-limit");
            t.setDaemon(true);
            return t;
        });
        long elapsed = (System.nanoTime() - started) / 1_000_000;
        timer.schedule(solver::terminateEarly, Math.max(50, timeLimitMillis - elapsed), TimeUnit.MILLISECONDS);
        long searchStart = System.nanoTime();
        PortfolioSolution best;
        try {
            best = solver.solve(solution);
        } finally {
            timer.shutdownNow();
        }
        long searchMillis = (System.nanoTime() - searchStart) / 1_000_000;
        int[] choice = new int[problem.cells().size()];
        for (PriceCell cell : best.getCells()) {
            choice[cell.getIndex()] = cell.getOption().getPosition();
        }
        boolean feasible = problem.feasible(choice);
        long objective = problem.value(choice);
        return new Solved(choice, objective, relaxed.best() == null && !feasible ? Double.NaN : relaxed.bound(),
                feasible, false, String.valueOf(best.getScore()), startValue, relaxed.iterations(),
                relaxed.droppedPairs(), relaxed.millis(), searchMillis);
    }

    static PortfolioSolution solution(PortfolioProblem problem, int[] start) {
        List<PriceCell> cells = new ArrayList<>(problem.cells().size());
        for (PortfolioProblem.Cell c : problem.cells()) {
            List<PriceOption> options = new ArrayList<>(c.options().size());
            for (int j = 0; j < c.options().size(); j++) {
                options.add(new PriceOption(c.index(), j, c.options().get(j)));
            }
            cells.add(new PriceCell(c.index(), options));
        }
        List<TierPair> pairs = problem.pairs().stream().map(p -> new TierPair(p.lower(), p.upper(), p.minGap())).toList();
        return new PortfolioSolution(cells, pairs, new PortfolioLimits(problem.maxAffected(), problem.hasTarget(),
                problem.minRevenue()), start);
    }
}
