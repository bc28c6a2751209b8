package com.subdecide.benefits.population;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.optaplanner.core.api.score.buildin.hardsoftlong.HardSoftLongScore;
import org.optaplanner.core.api.solver.Solver;
import org.optaplanner.core.api.solver.SolverFactory;

/**
 * Solves a population: the relaxation first (upper bound and a feasible start), then OptaPlanner from that start
 * (the custom phase puts it in, local search improves it, every move scored by {@link PopulationConstraints}).
 * Stops at the time limit, when the solver's own termination says so, or when the allocation reaches the bound
 * (then the solver only scores the start: the constraints confirm it keeps every capacity, slot and exclusion).
 */
public final class PopulationSolver {

    /** Where a running solve stands. */
    public record Progress(String phase, long elapsedMillis, Double objective, Double bound) {
    }

    /** The solved allocation: option positions per member, its value, the bound and how it was reached. */
    public record Solved(int[][] choice, double objective, double bound, double startObjective, boolean feasible,
            String score, double[] userPrices, double[] valuePrices, int relaxationIterations, long relaxationMillis,
            long searchMillis) {

        public double gap() {
            return bound <= 0 ? 0 : Math.max(0, (bound - objective) / bound);
        }
    }

    private PopulationSolver() {
    }

    public static Solved solve(PopulationProblem problem, SolverFactory<PopulationSolution> factory, long timeLimitMillis,
            Consumer<Progress> progress) {
        return solve(problem, factory, timeLimitMillis, progress, true);
    }

    /** As above; without {@code start} the search begins from empty slots (to measure what the start is worth). */
    public static Solved solve(PopulationProblem problem, SolverFactory<PopulationSolution> factory, long timeLimitMillis,
            Consumer<Progress> progress, boolean start) {
        long started = System.nanoTime();
        progress.accept(new Progress("BOUNDING", 0, null, null));
        Relaxation relaxation = new Relaxation(problem.members(), problem.benefits().size(), problem.maxUsers(),
                problem.maxCents());
        Relaxation.Result relaxed = relaxation.solve(3_000, Math.max(200, timeLimitMillis / 5));
        double bound = relaxed.bound() / PopulationProblem.PROFIT_UNIT;
        double startObjective = relaxed.objective() / PopulationProblem.PROFIT_UNIT;
        long boundMillis = (System.nanoTime() - started) / 1_000_000;
        progress.accept(new Progress("SEARCHING", boundMillis, startObjective, bound));

        PopulationSolution solution = solution(problem, start ? relaxed.choice() : null);
        Solver<PopulationSolution> solver = factory.buildSolver();
        long boundUnits = (long) Math.floor(relaxed.bound());
        solver.addEventListener(event -> {
            HardSoftLongScore score = (HardSoftLongScore) event.getNewBestScore();
            long elapsed = (System.nanoTime() - started) / 1_000_000;
            progress.accept(new Progress("SEARCHING", elapsed, score.softScore() / PopulationProblem.PROFIT_UNIT, bound));
            if (score.hardScore() == 0 && score.softScore() >= boundUnits) {
                solver.terminateEarly();
            }
        });
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "population-time-limit");
            t.setDaemon(true);
            return t;
        });
        long remaining = Math.max(100, timeLimitMillis - boundMillis);
        timer.schedule(solver::terminateEarly, remaining, TimeUnit.MILLISECONDS);
        long searchStart = System.nanoTime();
        PopulationSolution best;
        try {
            best = solver.solve(solution);
        } finally {
            timer.shutdownNow();
        }
        long searchMillis = (System.nanoTime() - searchStart) / 1_000_000;
        int[][] choice = choice(problem, best);
        long value = relaxation.objective(choice);
        HardSoftLongScore score = best.getScore();
        boolean feasible = score == null || score.hardScore() == 0;
        String scoreText = String.valueOf(score);
        if (start && (!feasible || value < relaxed.objective())) {
            // The search never ends below its start, so this only guards against a broken solver configuration.
            choice = relaxed.choice();
            value = relaxed.objective();
            feasible = true;
            scoreText = "the relaxation's allocation kept (the search ended at " + score + ")";
        }
        return new Solved(choice, value / PopulationProblem.PROFIT_UNIT, bound, startObjective, feasible,
                scoreText, relaxed.userPrices(), relaxed.valuePrices(),
                relaxed.iterations(), relaxed.millis(), searchMillis);
    }

    /** The planning solution, its slots filled from {@code start} by the first phase. */
    static PopulationSolution solution(PopulationProblem problem, int[][] start) {
        List<MemberSlot> slots = new ArrayList<>(problem.slotCount());
        List<Integer> hint = new ArrayList<>(problem.slotCount());
        for (Member m : problem.members()) {
            int count = Math.min(m.getFreeSlots(), m.optionCount());
            int[] chosen = start == null ? new int[0] : start[m.getIndex()];
            for (int s = 0; s < count; s++) {
                slots.add(new MemberSlot(slots.size(), m, null));
                hint.add(s < chosen.length ? chosen[s] : -1);
            }
        }
        PopulationSolution solution = new PopulationSolution(problem.members(), problem.benefits(), userLimits(problem),
                valueLimits(problem), slots);
        solution.setStart(hint.stream().mapToInt(Integer::intValue).toArray());
        return solution;
    }

    private static List<UserLimit> userLimits(PopulationProblem problem) {
        long[] max = problem.maxUsers();
        List<UserLimit> limits = new ArrayList<>();
        for (PoolBenefit b : problem.benefits()) {
            if (max[b.getIndex()] >= 0) {
                limits.add(new UserLimit(b, max[b.getIndex()]));
            }
        }
        return limits;
    }

    private static List<ValueLimit> valueLimits(PopulationProblem problem) {
        long[] max = problem.maxCents();
        List<ValueLimit> limits = new ArrayList<>();
        for (PoolBenefit b : problem.benefits()) {
            if (max[b.getIndex()] >= 0) {
                limits.add(new ValueLimit(b, max[b.getIndex()]));
            }
        }
        return limits;
    }

    /** Per member, the option positions the solution's slots hold. */
    static int[][] choice(PopulationProblem problem, PopulationSolution solution) {
        List<List<Integer>> held = new ArrayList<>();
        problem.members().forEach(m -> held.add(new ArrayList<>(2)));
        for (MemberSlot slot : solution.getSlots()) {
            if (slot.isFilled()) {
                int position = slot.getMember().position(slot.getBenefit());
                List<Integer> mine = held.get(slot.getMember().getIndex());
                if (!mine.contains(position)) {
                    mine.add(position);
                }
            }
        }
        int[][] choice = new int[held.size()][];
        for (int u = 0; u < held.size(); u++) {
            choice[u] = held.get(u).stream().mapToInt(Integer::intValue).toArray();
        }
        return choice;
    }
}
