package com.subdecide.tools;

import com.subdecide.rotation.AllocationProblem;
import com.subdecide.rotation.RotationPlanner;
import com.subdecide.rotation.RotationRequest;
import com.subdecide.rotation.TitleValuation;
import com.subdecide.rotation.solver.ExactCoverageSearch;
import com.subdecide.rotation.solver.ExactSearchReport;
import com.subdecide.rotation.solver.RotationSolution;
import com.subdecide.rules.RuleSet;
import com.subdecide.rules.RuleSetLoader;
import com.subdecide.rules.RulesProperties;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import org.optaplanner.core.api.score.buildin.bendablelong.BendableLongScore;
import org.optaplanner.core.api.solver.SolverFactory;
import org.optaplanner.core.config.phase.custom.CustomPhaseConfig;
import org.optaplanner.core.config.solver.SolverConfig;

/**
 * In-process benchmark of the rotation decision: latency of whole decisions on the shipped rule set, and the
 * solver's gap to the exact optimum, for the shipped configuration and for the same configuration without
 * its exact phase. Run with {@code java -jar target/subscription-decisions.jar benchmark [instances]}.
 */
public final class RotationBenchmark {

    private RotationBenchmark() {
    }

    public static void main(String[] args) {
        int instances = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        RuleSet ruleSet = RuleSetLoader.load(RulesProperties.of("rules", "decision-tables", "solver-config"));
        RotationPlanner planner = new RotationPlanner();
        SampleMonths.Shape shape = SampleMonths.Shape.BENCHMARK;
        System.out.printf(Locale.ROOT, "shape: %d platforms x 3 tiers, %d bundles, %d titles, %d%% shared; rule set %s%n",
                shape.platforms(), shape.bundles(), shape.titles(), shape.sharedPercent(), ruleSet.version());

        for (int i = 0; i < warmup; i++) {
            planner.plan(SampleMonths.create(shape, 1_000_000 + i), ruleSet, UUID.randomUUID());
        }
        long[] micros = new long[instances];
        long[] solveMicros = new long[instances];
        int overBudget = 0;
        int provenOptimal = 0;
        for (int i = 0; i < instances; i++) {
            RotationRequest request = SampleMonths.create(shape, i);
            long start = System.nanoTime();
            RotationPlanner.Planned planned = planner.plan(request, ruleSet, UUID.randomUUID());
            micros[i] = (System.nanoTime() - start) / 1000;
            solveMicros[i] = planned.timings().solveMicros();
            if (planned.plan().totalMonthlyCost().compareTo(request.budgetCap()) > 0) {
                overBudget++;
            }
            if (planned.plan().explanation().optimal()) {
                provenOptimal++;
            }
        }
        Arrays.sort(micros);
        Arrays.sort(solveMicros);
        System.out.printf(Locale.ROOT, "decisions: %d, latency ms p50 %.2f p90 %.2f p99 %.2f max %.2f; solve ms p50 %.2f p99 %.2f%n",
                instances, pct(micros, 50), pct(micros, 90), pct(micros, 99), micros[instances - 1] / 1000.0,
                pct(solveMicros, 50), pct(solveMicros, 99));
        System.out.printf(Locale.ROOT, "over budget: %d; explanation.optimal true: %d of %d%n", overBudget, provenOptimal,
                instances);

        SolverFactory<RotationSolution> shipped = ruleSet.<RotationSolution>solverFactory(RotationPlanner.SOLVER_CONFIG)
                .orElseThrow();
        SolverConfig heuristicOnly = SolverConfig.createFromXmlFile(Path.of("solver-config",
                RotationPlanner.SOLVER_CONFIG).toFile());
        heuristicOnly.getPhaseConfigList().removeIf(phase -> phase instanceof CustomPhaseConfig);
        gap("shipped configuration", shipped, ruleSet, instances);
        gap("without the exact phase", SolverFactory.create(heuristicOnly), ruleSet, instances);
    }

    private static void gap(String label, SolverFactory<RotationSolution> factory, RuleSet ruleSet, int instances) {
        int zeroGap = 0;
        double worst = 0;
        double sum = 0;
        long exactNodesMax = 0;
        for (int i = 0; i < instances; i++) {
            RotationRequest request = SampleMonths.create(SampleMonths.Shape.BENCHMARK, i);
            TitleValuation.Result valued = TitleValuation.value(request, ruleSet);
            BendableLongScore found = factory.buildSolver().solve(AllocationProblem.build(request, valued)).getScore();
            ExactSearchReport exact = ExactCoverageSearch.optimum(AllocationProblem.build(request, valued));
            exactNodesMax = Math.max(exactNodesMax, exact.nodes());
            boolean same = found.hardScore(0) == 0 && found.softScore(0) == exact.urgentValue()
                    && found.softScore(1) == exact.coveredValue() && -found.softScore(2) == exact.costCents()
                    && -found.softScore(3) == exact.changes();
            double optimum = exact.urgentValue() * 1e6 + exact.coveredValue();
            double reached = found.hardScore(0) < 0 ? 0 : found.softScore(0) * 1e6 + found.softScore(1);
            double gap = optimum == 0 ? 0 : Math.max(0, (optimum - reached) / optimum);
            zeroGap += same ? 1 : 0;
            worst = Math.max(worst, gap);
            sum += gap;
        }
        System.out.printf(Locale.ROOT,
                "gap to exact optimum (%s): identical plan score on %d of %d (%.1f%%), mean value gap %.4f%%, worst %.4f%% (exact search: at most %d nodes)%n",
                label, zeroGap, instances, 100.0 * zeroGap / instances, 100 * sum / instances, 100 * worst, exactNodesMax);
    }

    private static double pct(long[] sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000.0;
    }
}
