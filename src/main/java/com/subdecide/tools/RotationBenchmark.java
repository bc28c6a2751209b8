package com.subdecide.tools;

import com.subdecide.rotation.AllocationProblem;
import com.subdecide.rotation.RotationPlanner;
import com.subdecide.rotation.RotationRequest;
import com.subdecide.rotation.TitleValuation;
import com.subdecide.rotation.solver.ExactSearchReport;
import com.subdecide.rotation.solver.RotationSolution;
import com.subdecide.rules.RuleSet;
import com.subdecide.rules.RuleSetLoader;
import com.subdecide.rules.RulesProperties;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;

/**
 * In-process benchmark of the rotation decision on varied full-size months ({@link SampleMonths#varied}): latency
 * of whole decisions on the shipped rule set, how many plans say they are proven optimal, and the same months'
 * plans against an independent exact reference ({@link RotationReference}, SCIP), with the reference's own time.
 * Run with {@code java -jar target/subscription-decisions.jar benchmark [months] [warm-up months]}.
 */
public final class RotationBenchmark {

    private RotationBenchmark() {
    }

    public static void main(String[] args) {
        int instances = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        RuleSet ruleSet = RuleSetLoader.load(RulesProperties.of("rules", "decision-tables", "solver-config"));
        RotationPlanner planner = new RotationPlanner();
        System.out.printf(Locale.ROOT, "varied full-size months: 25 platforms x 3 tiers, 5 bundles, 400 watchlist "
                + "entries; rule set %s%n", ruleSet.version());

        for (int i = 0; i < warmup; i++) {
            planner.plan(SampleMonths.varied(1_000_000 + i), ruleSet, UUID.randomUUID());
        }
        long[] micros = new long[instances];
        long[] solveMicros = new long[instances];
        int overBudget = 0;
        int provenOptimal = 0;
        for (int i = 0; i < instances; i++) {
            RotationRequest request = SampleMonths.varied(i);
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
        againstReference(ruleSet, instances);
    }

    /** The shipped solver's plans scored independently and compared with SCIP's optimum of the same months. */
    private static void againstReference(RuleSet ruleSet, int instances) {
        int identical = 0;
        int proven = 0;
        int referenceProven = 0;
        double worst = 0;
        long[] referenceMicros = new long[instances];
        long[] nodes = new long[instances];
        for (int i = 0; i < instances; i++) {
            RotationRequest request = SampleMonths.varied(i);
            TitleValuation.Result valued = TitleValuation.value(request, ruleSet);
            RotationSolution solved = RotationPlanner.allocate(request, valued, ruleSet);
            RotationReference.Score found = RotationReference.evaluate(solved);
            RotationReference.Optimum optimum = RotationReference.solve(AllocationProblem.build(request, valued));
            referenceMicros[i] = optimum.micros();
            referenceProven += optimum.proven() ? 1 : 0;
            ExactSearchReport report = solved.getExactReport();
            nodes[i] = report.nodes();
            proven += report.proven() ? 1 : 0;
            if (found != null && found.equals(optimum.score())) {
                identical++;
            } else {
                double reached = found == null ? 0 : found.urgent() * 1e6 + found.value();
                double best = optimum.score().urgent() * 1e6 + optimum.score().value();
                worst = Math.max(worst, best == 0 ? 0 : Math.max(0, (best - reached) / best));
                System.out.printf(Locale.ROOT, "month %d: plan %s, reference %s%n", i, found, optimum.score());
            }
        }
        Arrays.sort(referenceMicros);
        Arrays.sort(nodes);
        System.out.printf(Locale.ROOT, "against the independent reference (SCIP, one thread): identical plan score on "
                + "%d of %d, worst gap %.4f%%; search proved %d of %d (nodes p50 %d p99 %d max %d); "
                + "reference proved %d, "
                + "its time per month ms p50 %.1f p99 %.1f max %.1f%n", identical, instances, 100 * worst, proven,
                instances, nodes[instances / 2], nodes[(int) Math.ceil(0.99 * instances) - 1], nodes[instances - 1],
                referenceProven, pct(referenceMicros, 50), pct(referenceMicros, 99),
                referenceMicros[instances - 1] / 1000.0);
    }

    private static double pct(long[] sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000.0;
    }
}
