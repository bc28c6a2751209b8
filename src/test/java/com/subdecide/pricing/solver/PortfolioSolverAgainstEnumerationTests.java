package com.subdecide.pricing.solver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.optaplanner.core.api.solver.SolverFactory;
import org.optaplanner.core.config.localsearch.LocalSearchPhaseConfig;
import org.optaplanner.core.config.solver.SolverConfig;
import org.optaplanner.core.config.solver.termination.TerminationConfig;

/**
 * Small random portfolios (tier chains, a customer cap, a revenue target) solved by the shipped solver configuration
 * (its local search stopped by steps rather than seconds) and by enumerating every portfolio: the solver reaches
 * the optimum, the relaxation's bound is never below it, and every answer keeps the tier order, cap and target.
 */
class PortfolioSolverAgainstEnumerationTests {

    static SolverFactory<PortfolioSolution> factory() {
        SolverConfig config = SolverConfig.createFromXmlFile(Path.of("solver-config", "pricing-solver.xml").toFile());
        config.getPhaseConfigList().stream().filter(p -> p instanceof LocalSearchPhaseConfig)
                .forEach(p -> p.setTerminationConfig(new TerminationConfig().withUnimprovedStepCountLimit(300)));
        return SolverFactory.create(config);
    }

    /** Segments of tier chains; each cell's options around its current price, the current one affecting nobody. */
    static PortfolioProblem randomProblem(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int segments = 1 + r.nextInt(2);
        int plans = 2 + r.nextInt(2);
        List<PortfolioProblem.Cell> cells = new ArrayList<>();
        List<PortfolioProblem.Pair> pairs = new ArrayList<>();
        long totalAffected = 0;
        long totalRevenue = 0;
        for (int s = 0; s < segments; s++) {
            for (int p = 0; p < plans; p++) {
                int index = cells.size();
                double current = 8 + 5 * p + r.nextInt(3);
                int count = 3 + r.nextInt(3);
                int keep = r.nextInt(count);
                long subscribers = 10 + r.nextInt(90);
                List<PortfolioProblem.Option> options = new ArrayList<>();
                for (int j = 0; j < count; j++) {
                    double price = current + (j - keep) * (0.5 + r.nextInt(2));
                    long revenue = Math.round(subscribers * price * 1200 * (1 - 0.04 * Math.abs(j - keep))
                            + r.nextInt(5000));
                    long value = revenue - (j == keep ? 0 : r.nextInt(20_000));
                    options.add(new PortfolioProblem.Option(price, value, revenue, j == keep ? 0 : subscribers));
                }
                cells.add(new PortfolioProblem.Cell(index, "p" + p, "s" + s, options, keep));
                totalAffected += subscribers;
                totalRevenue += options.get(keep).revenue();
                if (p > 0) {
                    pairs.add(new PortfolioProblem.Pair(index - 1, index, 0.05 * r.nextInt(3)));
                }
            }
        }
        long cap = r.nextInt(4) == 0 ? -1 : (long) (totalAffected * (0.2 + 0.6 * r.nextDouble()));
        long target = r.nextInt(3) == 0 ? Long.MIN_VALUE : (long) (totalRevenue * (0.97 + 0.05 * r.nextDouble()));
        return new PortfolioProblem(cells, pairs, cap, target);
    }

    /** The best feasible objective over every portfolio; Long.MIN_VALUE when none is feasible. */
    static long enumerate(PortfolioProblem problem) {
        int n = problem.cells().size();
        int[] choice = new int[n];
        long best = Long.MIN_VALUE;
        while (true) {
            if (problem.feasible(choice)) {
                best = Math.max(best, problem.value(choice));
            }
            int k = 0;
            while (k < n && ++choice[k] == problem.cells().get(k).options().size()) {
                choice[k] = 0;
                k++;
            }
            if (k == n) {
                return best;
            }
        }
    }

    @Test
    void reachesTheExactOptimumAndTheBoundHoldsOnSmallPortfolios() {
        SolverFactory<PortfolioSolution> factory = factory();
        int compared = 0;
        int capped = 0;
        for (long seed = 1; seed <= 80; seed++) {
            PortfolioProblem problem = randomProblem(seed);
            long exact = enumerate(problem);
            PortfolioSolver.Solved solved = PortfolioSolver.solve(problem, factory, 20_000);
            if (exact == Long.MIN_VALUE) {
                assertThat(solved.feasible()).as("seed %d has no feasible portfolio", seed).isFalse();
                continue;
            }
            compared++;
            assertThat(solved.feasible()).as("seed %d feasible", seed).isTrue();
            assertThat(problem.feasible(solved.choice())).as("seed %d keeps every constraint", seed).isTrue();
            assertThat(solved.objective()).as("seed %d: solver against enumeration", seed).isEqualTo(exact);
            assertThat(solved.bound()).as("seed %d: bound", seed).isGreaterThanOrEqualTo(exact - 1e-6);
            if (problem.hasCap() || problem.hasTarget()) {
                capped++;
            }
        }
        assertThat(compared).isGreaterThan(60);
        assertThat(capped).isGreaterThan(40);
    }

    @Test
    void withoutPortfolioCapsTheDynamicProgramIsExact() {
        for (long seed = 200; seed < 400; seed++) {
            PortfolioProblem capped = randomProblem(seed);
            PortfolioProblem problem = new PortfolioProblem(capped.cells(), capped.pairs(), -1, Long.MIN_VALUE);
            Relaxation.Result result = new Relaxation(problem).solve(100, 1_000);
            long exact = enumerate(problem);
            if (exact == Long.MIN_VALUE) {
                assertThat(result.best()).as("seed %d", seed).isNull();
                continue;
            }
            assertThat(result.exact()).as("seed %d", seed).isTrue();
            assertThat(result.bestValue()).as("seed %d", seed).isEqualTo(exact);
            assertThat(result.bound()).as("seed %d", seed).isEqualTo((double) exact);
        }
    }
}
