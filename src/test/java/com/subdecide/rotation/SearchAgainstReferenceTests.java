package com.subdecide.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import com.subdecide.rotation.solver.RotationSolution;
import com.subdecide.rules.RuleSet;
import com.subdecide.rules.RuleSetLoader;
import com.subdecide.rules.RulesProperties;
import com.subdecide.tools.RotationReference;
import com.subdecide.tools.SampleMonths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.optaplanner.core.api.score.buildin.bendablelong.BendableLongScore;
import org.optaplanner.core.api.solver.SolutionManager;
import org.optaplanner.core.api.solver.SolverFactory;

/**
 * The shipped search on full-size varied months (25 platforms × 3 tiers, 5 bundles, 400 titles) against an
 * independent exact reference (SCIP on the contract's model, level by level): every plan must score exactly the
 * reference's optimum and say it is proven. The months are drawn afresh on every run from a printed base seed;
 * {@code -Drotation.reference.seed=N} replays a run.
 */
class SearchAgainstReferenceTests {

    static final int MONTHS = 200;

    @Test
    void everyFullSizeMonthIsProvenOptimalAndMatchesTheIndependentOptimum() {
        long base = Long.getLong("rotation.reference.seed", new Random().nextInt(1_000_000_000));
        System.out.printf("rotation against the reference: months from seed %d (-Drotation.reference.seed=%d)%n",
                base, base);
        RuleSet ruleSet = RuleSetLoader.load(RulesProperties.of("rules", "decision-tables", "solver-config"));
        List<String> wrong = new ArrayList<>();
        long referenceMicros = 0;
        for (int i = 0; i < MONTHS; i++) {
            long seed = base + i;
            RotationRequest month = SampleMonths.varied(seed);
            TitleValuation.Result valued = TitleValuation.value(month, ruleSet);
            RotationSolution solved = RotationPlanner.allocate(month, valued, ruleSet);
            RotationReference.Optimum optimum = RotationReference.solve(AllocationProblem.build(month, valued));
            referenceMicros += optimum.micros();
            assertThat(optimum.proven()).as("the reference proves month %d", seed).isTrue();
            RotationReference.Score found = RotationReference.evaluate(solved);
            BendableLongScore score = solved.getScore();
            assertThat(found).as("month %d: the plan is feasible", seed).isNotNull();
            // The solver's own score levels agree with the independent scoring of the same plan.
            assertThat(new long[] {score.softScore(0), score.softScore(1), -score.softScore(2), -score.softScore(3)})
                    .as("month %d: the solver scores its plan as the reference does", seed)
                    .containsExactly(found.urgent(), found.value(), found.cost(), found.changes());
            if (!found.equals(optimum.score()) || !solved.getExactReport().proven()) {
                wrong.add("month " + seed + ": plan " + found + ", optimum " + optimum.score() + ", proven "
                        + solved.getExactReport().proven());
            }
        }
        System.out.printf("rotation against the reference: %d months, %d not optimal or not proven; the reference "
                + "took %.0f ms per month%n", MONTHS, wrong.size(), referenceMicros / 1000.0 / MONTHS);
        assertThat(wrong).as("months whose plan is not the proven optimum").isEmpty();
    }

    @Test
    void theExplanationsConstraintScoresAreTheSolversOwnConstraintMatches() {
        RuleSet ruleSet = RuleSetLoader.load(RulesProperties.of("rules", "decision-tables", "solver-config"));
        SolverFactory<RotationSolution> factory = ruleSet.<RotationSolution>solverFactory(RotationPlanner.SOLVER_CONFIG)
                .orElseThrow();
        SolutionManager<RotationSolution, BendableLongScore> manager = SolutionManager.create(factory);
        for (long seed = 0; seed < 20; seed++) {
            RotationRequest month = SampleMonths.varied(seed);
            RotationPlan plan = new RotationPlanner().plan(month, ruleSet, UUID.randomUUID()).plan();
            RotationSolution solved = RotationPlanner.allocate(month, TitleValuation.value(month, ruleSet), ruleSet);
            Map<String, String> matched = new LinkedHashMap<>();
            com.subdecide.rotation.solver.RotationConstraintProvider.NAMES.forEach(
                    name -> matched.put(name, solved.getScore().zero().toString()));
            manager.explain(solved).getConstraintMatchTotalMap().values()
                    .forEach(total -> matched.put(total.getConstraintName(), total.getScore().toString()));
            Map<String, String> answered = new LinkedHashMap<>();
            plan.explanation().constraints().forEach(c -> answered.put(c.name(), c.score()));
            assertThat(answered).as("month %d", seed).containsExactlyEntriesOf(matched);
        }
    }
}
