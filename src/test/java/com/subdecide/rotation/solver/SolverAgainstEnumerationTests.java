package com.subdecide.rotation.solver;

import static org.assertj.core.api.Assertions.assertThat;

import com.subdecide.rules.RuleSetLoader;
import com.subdecide.rules.RulesProperties;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.optaplanner.core.api.score.buildin.bendablelong.BendableLongScore;
import org.optaplanner.core.api.solver.SolverFactory;

/** The shipped solver configuration against brute-force enumeration on random instances. */
class SolverAgainstEnumerationTests {

    private static SolverFactory<RotationSolution> solverFactory;

    @BeforeAll
    static void loadShippedSolver() {
        solverFactory = RuleSetLoader.load(RulesProperties.of("rules", "decision-tables", "solver-config"))
                .<RotationSolution>solverFactory("rotation-solver.xml").orElseThrow();
    }

    @Test
    void solverFindsTheEnumeratedOptimumAndProvesIt() {
        Random random = new Random(20261123);
        for (int i = 0; i < 300; i++) {
            RotationSolution problem = RandomInstances.create(random);
            long[] optimum = ExhaustiveEnumeration.best(problem);
            RotationSolution solved = solverFactory.buildSolver().solve(problem);
            BendableLongScore score = solved.getScore();
            long[] found = {score.softScore(0), score.softScore(1), score.softScore(2), score.softScore(3)};
            assertThat(score.hardScore(0)).as("instance %d is feasible", i).isZero();
            assertThat(found).as("instance %d reaches the enumerated optimum", i).containsExactly(optimum);
            assertThat(solved.getExactReport().proven()).as("instance %d is proven", i).isTrue();
        }
    }

    @Test
    void anExhaustedSearchNeverClaimsAWorsePlan() {
        Random random = new Random(7);
        for (int i = 0; i < 300; i++) {
            RotationSolution problem = RandomInstances.create(random);
            CoverageModel model = new CoverageModel(problem);
            BranchAndBound search = new BranchAndBound(model, Long.MAX_VALUE);
            BranchAndBound.Plan best = search.solve(search.emptyPlan());
            long[] optimum = ExhaustiveEnumeration.best(problem);
            assertThat(search.exhausted()).isTrue();
            assertThat(new long[] {best.urgent(), best.value(), -best.cost(), -best.changes()})
                    .as("instance %d", i).containsExactly(optimum);
        }
    }
}
