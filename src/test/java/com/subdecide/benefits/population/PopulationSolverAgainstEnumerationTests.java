package com.subdecide.benefits.population;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
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
 * Small random populations solved by the shipped solver configuration (its local search stopped by steps rather than
 * seconds) and by enumerating every feasible allocation: the solver reaches the optimum, the bound is never below
 * it, and every allocation keeps the capacities, slots and exclusions.
 */
class PopulationSolverAgainstEnumerationTests {

    private static final String[] BENEFITS = {"fast_shipping", "discount_10", "early_access", "exclusive_products", "birthday_coupon"};

    static SolverFactory<PopulationSolution> factory() {
        SolverConfig config = SolverConfig.createFromXmlFile(Path.of("solver-config", "benefit-population-solver.xml").toFile());
        config.getPhaseConfigList().stream().filter(p -> p instanceof LocalSearchPhaseConfig)
                .forEach(p -> p.setTerminationConfig(new TerminationConfig().withUnimprovedStepCountLimit(3_000)));
        return SolverFactory.create(config);
    }

    static PopulationProblem randomProblem(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<PopulationProblem.Capacity> caps = new ArrayList<>();
        caps.add(new PopulationProblem.Capacity(BENEFITS[r.nextInt(2)], (long) r.nextInt(3), null));
        caps.add(new PopulationProblem.Capacity(BENEFITS[2 + r.nextInt(2)], null, BigDecimal.valueOf(300 + r.nextInt(900), 2)));
        PopulationProblem problem = new PopulationProblem(caps);
        int members = 3 + r.nextInt(3);
        for (int u = 0; u < members; u++) {
            List<PopulationProblem.Option> options = new ArrayList<>();
            for (String b : BENEFITS) {
                if (r.nextInt(10) < 7) {
                    options.add(new PopulationProblem.Option(b, Math.round(r.nextDouble() * 100) / 100.0, 1 + r.nextInt(8), "row"));
                }
            }
            List<List<String>> exclusions = r.nextBoolean() ? List.of(List.of("discount_10", "birthday_coupon")) : List.of();
            problem.add("u-" + u, "GOLD", 1 + r.nextInt(2), options,
                    new PopulationProblem.Extras(List.of(), List.of(), exclusions));
        }
        return problem;
    }

    @Test
    void reachesTheExactOptimumAndTheBoundHoldsOnSmallInstances() {
        SolverFactory<PopulationSolution> factory = factory();
        int bindingInstances = 0;
        for (long seed = 1; seed <= 60; seed++) {
            PopulationProblem problem = randomProblem(seed);
            long exact = ExhaustiveAllocation.optimum(problem);
            PopulationSolver.Solved solved = PopulationSolver.solve(problem, factory, 10_000, p -> { });
            long found = Math.round(solved.objective() * PopulationProblem.PROFIT_UNIT);
            assertThat(ExhaustiveAllocation.feasible(problem, solved.choice())).as("seed %d feasible", seed).isTrue();
            assertThat(found).as("seed %d: solver against enumeration", seed).isEqualTo(exact);
            assertThat(solved.bound() * PopulationProblem.PROFIT_UNIT).as("seed %d: bound", seed).isGreaterThanOrEqualTo(exact - 1e-6);
            if (ExhaustiveAllocation.unconstrained(problem) > exact) {
                bindingInstances++;
            }
        }
        // The capacities bind in most instances, so the comparison is not only of unconstrained choices.
        assertThat(bindingInstances).isGreaterThan(30);
    }

    @Test
    void theRelaxationsStartIsAlwaysFeasibleAndNeverAboveTheBound() {
        for (long seed = 100; seed < 400; seed++) {
            PopulationProblem problem = randomProblem(seed);
            Relaxation.Result result = new Relaxation(problem.members(), problem.benefits().size(), problem.maxUsers(),
                    problem.maxCents()).solve(400, 1_000);
            assertThat(ExhaustiveAllocation.feasible(problem, result.choice())).as("seed %d", seed).isTrue();
            long exact = ExhaustiveAllocation.optimum(problem);
            assertThat(result.objective()).isLessThanOrEqualTo(exact);
            assertThat(result.bound()).as("seed %d", seed).isGreaterThanOrEqualTo(exact - 1e-6);
        }
    }
}
