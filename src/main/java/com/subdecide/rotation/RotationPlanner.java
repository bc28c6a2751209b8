package com.subdecide.rotation;

import com.subdecide.rotation.RotationPlan.ConstraintScore;
import com.subdecide.rotation.RotationPlan.Explanation;
import com.subdecide.rotation.RotationPlan.PlatformScore;
import com.subdecide.rotation.domain.BudgetDrop;
import com.subdecide.rotation.domain.WatchTitle;
import com.subdecide.rotation.solver.ExactSearchReport;
import com.subdecide.rotation.solver.RotationConstraintProvider;
import com.subdecide.rotation.solver.RotationSolution;
import com.subdecide.rules.FiredRule;
import com.subdecide.rules.RuleSet;
import com.subdecide.system.DecisionTimings;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.optaplanner.core.api.score.ScoreExplanation;
import org.optaplanner.core.api.score.buildin.bendablelong.BendableLongScore;
import org.optaplanner.core.api.solver.SolutionManager;
import org.optaplanner.core.api.solver.SolverFactory;
import org.springframework.stereotype.Service;

/**
 * Decides one user's monthly rotation plan on a given rule set: value the titles (rules and tables), allocate
 * access under the budget (solver scored against what the rules derived), derive the actions (guardrails).
 * Pure: nothing is stored here; {@link RotationDecisions} logs what it answers.
 */
@Service
public class RotationPlanner {

    /** The rotation solver configuration under {@code solver-config/}. */
    public static final String SOLVER_CONFIG = "rotation-solver.xml";

    private record Scoring(SolverFactory<RotationSolution> factory,
            SolutionManager<RotationSolution, BendableLongScore> manager) {
    }

    /** A decided plan with where its time went. */
    public record Planned(RotationPlan plan, DecisionTimings timings) {
    }

    public Planned plan(RotationRequest request, RuleSet ruleSet, UUID decisionId) {
        long start = System.nanoTime();
        TitleValuation.Result valued = TitleValuation.value(request, ruleSet);
        long valuedAt = System.nanoTime();

        Scoring scoring = scoringFor(ruleSet);
        RotationSolution solved = scoring.factory().buildSolver().solve(AllocationProblem.build(request, valued));
        Map<String, BendableLongScore> shares = constraintShares(solved, scoring);
        long solvedAt = System.nanoTime();

        ActionPlanWriter.Result actions = ActionPlanWriter.write(request, solved, valued, ruleSet);
        List<FiredRule> fired = new ArrayList<>(valued.firedRules());
        fired.addAll(actions.firedRules());
        Explanation explanation = explanation(solved, shares, fired, actions.drops());
        RotationPlan plan = new RotationPlan(decisionId, ruleSet.version(), request.asOf(), request.currency(),
                request.budgetCap(), actions.totalMonthlyCost(), actions.plan(), platformScores(request, valued),
                WatchNextList.of(request, valued, actions), explanation);
        long end = System.nanoTime();
        return new Planned(plan, new DecisionTimings((valuedAt - start) / 1000 + (end - solvedAt) / 1000,
                (solvedAt - valuedAt) / 1000, (end - start) / 1000));
    }

    /** The optimiser's allocation alone (no explanation, no guardrails), for what-ifs that solve many times. */
    public static RotationSolution allocate(RotationRequest request, TitleValuation.Result valued, RuleSet ruleSet) {
        return scoringFor(ruleSet).factory().buildSolver().solve(AllocationProblem.build(request, valued));
    }

    /** Built once per rule set and kept with it, so concurrent versions (live, drafts, replays) never thrash. */
    private static Scoring scoringFor(RuleSet ruleSet) {
        return ruleSet.derived(Scoring.class, rs -> {
            SolverFactory<RotationSolution> factory = rs.<RotationSolution>solverFactory(SOLVER_CONFIG)
                    .orElseThrow(() -> new IllegalStateException("rule set " + rs.version() + " has no solver-config/"
                            + SOLVER_CONFIG));
            return new Scoring(factory, SolutionManager.create(factory));
        });
    }

    /** Platform utility score: the sum of title values over the titles a platform carries this cycle. */
    private static List<PlatformScore> platformScores(RotationRequest request, TitleValuation.Result valued) {
        Map<String, List<WatchTitle>> carried = new LinkedHashMap<>();
        request.platforms().forEach(p -> carried.put(p.platformId(), new ArrayList<>()));
        valued.watchable().forEach(c -> {
            WatchTitle title = valued.titles().get(c.getTitleId());
            if (title.getValue() > 0) {
                carried.get(c.getPlatformId()).add(title);
            }
        });
        List<PlatformScore> scores = new ArrayList<>();
        carried.forEach((platformId, titles) -> {
            titles.sort(Comparator.comparingDouble(WatchTitle::getValue).reversed());
            double utility = titles.stream().mapToDouble(WatchTitle::getValue).sum();
            scores.add(new PlatformScore(platformId, decimal(utility, 2),
                    titles.stream().map(WatchTitle::getTitleId).toList()));
        });
        scores.sort(Comparator.comparing(PlatformScore::utilityScore).reversed());
        return scores;
    }

    /**
     * Each constraint's share of the score. A feasible plan's hard constraints are both zero and every soft level
     * is one constraint, so the shares are the score's levels; only an infeasible plan needs the solver's
     * constraint-match explanation to split the hard level.
     */
    private static Map<String, BendableLongScore> constraintShares(RotationSolution solved, Scoring scoring) {
        BendableLongScore score = solved.getScore();
        Map<String, BendableLongScore> byConstraint = new LinkedHashMap<>();
        RotationConstraintProvider.NAMES.forEach(name -> byConstraint.put(name, score.zero()));
        if (score.isFeasible()) {
            String[] soft = {RotationConstraintProvider.URGENT_TITLES, RotationConstraintProvider.COVERED_VALUE,
                    RotationConstraintProvider.MONTHLY_COST, RotationConstraintProvider.CHANGES_TO_CURRENT};
            for (int level = 0; level < soft.length; level++) {
                byConstraint.put(soft[level], BendableLongScore.ofSoft(score.hardLevelsSize(), score.softLevelsSize(),
                        level, score.softScore(level)));
            }
            return byConstraint;
        }
        ScoreExplanation<RotationSolution, BendableLongScore> explained = scoring.manager().explain(solved);
        explained.getConstraintMatchTotalMap().values()
                .forEach(total -> byConstraint.put(total.getConstraintName(), total.getScore()));
        return byConstraint;
    }

    private static Explanation explanation(RotationSolution solved, Map<String, BendableLongScore> byConstraint,
            List<FiredRule> fired, List<BudgetDrop> drops) {
        BendableLongScore score = solved.getScore();
        ExactSearchReport report = solved.getExactReport();
        boolean matches = report != null && score.isFeasible()
                && score.softScore(0) == report.urgentValue() && score.softScore(1) == report.coveredValue()
                && -score.softScore(2) == report.costCents() && -score.softScore(3) == report.changes();
        boolean optimal = matches && report.proven() && drops.isEmpty();
        String optimality;
        if (report == null) {
            optimality = "the solver configuration has no exact phase, so the plan is the best found, not proven";
        } else if (optimal) {
            optimality = "proven optimal: the exact branch-and-bound search was exhausted after " + report.nodes()
                    + " nodes" + (report.continued() ? ", past its node limit within its time limit" : "");
        } else if (!report.proven()) {
            optimality = "best found: the exact search reached its node and time limits after " + report.nodes()
                    + " nodes";
        } else {
            optimality = "not proven: the plan was changed after optimisation";
        }
        List<ConstraintScore> constraints = new ArrayList<>();
        byConstraint.forEach((name, share) ->
                constraints.add(new ConstraintScore(name, share.toString(), businessValue(name, share))));
        List<String> notes = new ArrayList<>();
        for (BudgetDrop drop : drops) {
            String what = drop.getDropped().getBundleId() != null ? "bundle " + drop.getDropped().getBundleId()
                    : drop.getDropped().getPlatformId();
            notes.add("Strict budget: dropped " + what + ", the lowest-value choice, to keep the plan within budget");
        }
        fired.sort(Comparator.comparing(FiredRule::source, RotationPlanner::bySource));
        return new Explanation(score.toString(), optimal, optimality, constraints, fired, notes);
    }

    /** A constraint's score in business units: value points, dollars, or a count. */
    private static BigDecimal businessValue(String constraint, BendableLongScore score) {
        long hard = score.hardScore(0);
        return switch (constraint) {
            case RotationConstraintProvider.BUDGET_CAP -> BigDecimal.valueOf(hard, 2);
            case RotationConstraintProvider.TIER_EXCLUSIVITY -> BigDecimal.valueOf(hard);
            case RotationConstraintProvider.URGENT_TITLES -> BigDecimal.valueOf(score.softScore(0), 4).setScale(2, RoundingMode.HALF_UP);
            case RotationConstraintProvider.COVERED_VALUE -> BigDecimal.valueOf(score.softScore(1), 4).setScale(2, RoundingMode.HALF_UP);
            case RotationConstraintProvider.MONTHLY_COST -> BigDecimal.valueOf(score.softScore(2), 2);
            case RotationConstraintProvider.CHANGES_TO_CURRENT -> BigDecimal.valueOf(score.softScore(3));
            default -> null;
        };
    }

    /** Orders {@code file:12} and {@code file!Sheet!B10} sources by file, then by line or row number. */
    private static int bySource(String a, String b) {
        String fileA = a.split("[:!]")[0];
        String fileB = b.split("[:!]")[0];
        if (!fileA.equals(fileB)) {
            return fileA.compareTo(fileB);
        }
        return Integer.compare(trailingNumber(a), trailingNumber(b));
    }

    private static int trailingNumber(String text) {
        int i = text.length();
        while (i > 0 && Character.isDigit(text.charAt(i - 1))) {
            i--;
        }
        return i == text.length() ? 0 : Integer.parseInt(text.substring(i));
    }

    static BigDecimal decimal(double value, int places) {
        return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP);
    }
}
