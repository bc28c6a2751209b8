package com.subdecide.rotation;

import com.subdecide.rotation.solver.AccessOption;
import com.subdecide.rotation.solver.ExactSearchReport;
import com.subdecide.rotation.solver.PlatformSlot;
import com.subdecide.rotation.solver.RotationSolution;
import com.subdecide.rules.RuleSet;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.springframework.stereotype.Service;

/**
 * What each extra dollar buys: the optimal plan's value and cost for a range of budgets. The titles are valued
 * once (the rules do not depend on the budget), and budgets are solved from the highest down: a plan proven
 * optimal at budget B that costs c is also optimal at every budget in [c, B] (it is feasible there, and nothing
 * better exists even with more money), so only one solve per distinct optimal plan is needed, not one per
 * budget.
 */
@Service
public class BudgetSweep {

    static final int MAX_POINTS = 1_000;

    /**
     * One budget's optimum.
     *
     * @param coveredValue       covered value in value points (urgent must-watch value is part of it)
     * @param monthlyCost        what the optimal plan costs
     * @param choices            what it pays for: {@code tier:netflix/standard}, {@code bundle:disney-hulu}
     * @param proven             the exact search proved it optimal
     * @param valuePerExtraDollar covered value gained per dollar since the previous budget
     */
    public record Point(BigDecimal budget, BigDecimal coveredValue, BigDecimal monthlyCost, List<String> choices,
            boolean proven, BigDecimal valuePerExtraDollar) {
    }

    /** The curve and what it cost to draw: {@code solves} optimisations for {@code points.size()} budgets. */
    public record Sweep(String rulesetVersion, List<Point> points, int solves) {
    }

    public Sweep sweep(RotationRequest request, List<BigDecimal> budgets, RuleSet ruleSet) {
        TitleValuation.Result valued = TitleValuation.value(request, ruleSet);
        List<BigDecimal> sorted = new ArrayList<>(new TreeSet<>(budgets));
        Point[] points = new Point[sorted.size()];
        int solves = 0;
        int i = sorted.size() - 1;
        while (i >= 0) {
            RotationSolution solved = RotationPlanner.allocate(request.withBudget(sorted.get(i)), valued, ruleSet);
            solves++;
            ExactSearchReport report = solved.getExactReport();
            boolean proven = report != null && report.proven() && solved.getScore().isFeasible();
            BigDecimal cost = BigDecimal.valueOf(report != null ? report.costCents() : -solved.getScore().softScore(2), 2);
            BigDecimal value = BigDecimal.valueOf(solved.getScore().softScore(1), 4).setScale(2, RoundingMode.HALF_UP);
            List<String> choices = choices(solved);
            int j = i;
            do {
                points[j] = new Point(sorted.get(j), value, cost, choices, proven, null);
                j--;
            } while (proven && j >= 0 && sorted.get(j).compareTo(cost) >= 0);
            i = j;
        }
        List<Point> curve = new ArrayList<>(points.length);
        for (int k = 0; k < points.length; k++) {
            Point p = points[k];
            BigDecimal perDollar = null;
            if (k > 0) {
                BigDecimal extra = p.budget().subtract(points[k - 1].budget());
                perDollar = p.coveredValue().subtract(points[k - 1].coveredValue()).divide(extra, 2, RoundingMode.HALF_UP);
            }
            curve.add(new Point(p.budget(), p.coveredValue(), p.monthlyCost(), p.choices(), p.proven(), perDollar));
        }
        return new Sweep(ruleSet.version(), curve, solves);
    }

    private static List<String> choices(RotationSolution solved) {
        TreeSet<String> choices = new TreeSet<>();
        for (PlatformSlot slot : solved.getSlots()) {
            AccessOption option = slot.getOption();
            if (option != null && option.isPaid()) {
                choices.add(option.getId());
            }
        }
        return List.copyOf(choices);
    }
}
