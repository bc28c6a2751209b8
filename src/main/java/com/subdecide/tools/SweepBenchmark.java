package com.subdecide.tools;

import com.subdecide.rotation.BudgetSweep;
import com.subdecide.rotation.RotationPlanner;
import com.subdecide.rotation.RotationRequest;
import com.subdecide.rotation.TitleValuation;
import com.subdecide.rules.RuleSet;
import com.subdecide.rules.RuleSetLoader;
import com.subdecide.rules.RulesProperties;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code java -jar subscription-decisions.jar benchmark-sweep [months] [max-budget] [platforms titles]}: the budget
 * sweep from 0 to max-budget by 1 on generated months (default: the benchmark shape), against solving every budget on its own, on the shipped rule set.
 */
public final class SweepBenchmark {

    private SweepBenchmark() {
    }

    public static void main(String[] args) {
        int months = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int max = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        SampleMonths.Shape shape = args.length > 3 ? new SampleMonths.Shape(Integer.parseInt(args[2]),
                Math.max(1, Integer.parseInt(args[2]) / 5), Integer.parseInt(args[3]), 20) : SampleMonths.Shape.BENCHMARK;
        RuleSet ruleSet = RuleSetLoader.load(RulesProperties.of("rules", "decision-tables", "solver-config"));
        BudgetSweep sweep = new BudgetSweep();
        List<BigDecimal> budgets = new ArrayList<>();
        for (int b = 0; b <= max; b++) {
            budgets.add(BigDecimal.valueOf(b));
        }
        for (int i = 0; i < 5; i++) {
            sweep.sweep(SampleMonths.create(shape, 900_000 + i), budgets, ruleSet);
        }
        long sweepNanos = 0;
        long aloneNanos = 0;
        long solves = 0;
        int differing = 0;
        for (int i = 0; i < months; i++) {
            RotationRequest month = SampleMonths.create(shape, i);
            long start = System.nanoTime();
            BudgetSweep.Sweep curve = sweep.sweep(month, budgets, ruleSet);
            sweepNanos += System.nanoTime() - start;
            solves += curve.solves();
            start = System.nanoTime();
            TitleValuation.Result valued = TitleValuation.value(month, ruleSet);
            for (BudgetSweep.Point point : curve.points()) {
                var alone = RotationPlanner.allocate(month.withBudget(point.budget()), valued, ruleSet);
                BigDecimal value = BigDecimal.valueOf(alone.getScore().softScore(1), 4)
                        .setScale(2, java.math.RoundingMode.HALF_UP);
                if (value.compareTo(point.coveredValue()) != 0) {
                    differing++;
                }
            }
            aloneNanos += System.nanoTime() - start;
        }
        System.out.printf(Locale.ROOT, "%d months x %d budgets: sweep %.1f ms per month (%.1f solves on average), "
                + "every budget solved alone %.1f ms per month; points differing from the independent solve: %d%n",
                months, budgets.size(), sweepNanos / 1e6 / months, solves / (double) months, aloneNanos / 1e6 / months,
                differing);
    }
}
