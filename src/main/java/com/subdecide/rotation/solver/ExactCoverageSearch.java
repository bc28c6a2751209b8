package com.subdecide.rotation.solver;

import java.util.List;
import org.optaplanner.core.api.score.director.ScoreDirector;
import org.optaplanner.core.impl.phase.custom.CustomPhaseCommand;

/**
 * Solver phase that runs {@link BranchAndBound} from the plan the earlier phases left, adopts a better plan
 * if it finds one, and records whether the search was exhausted (then the plan is proven optimal).
 * Configured in {@code solver-config/rotation-solver.xml}; {@code nodeLimit} caps the work per decision.
 */
public class ExactCoverageSearch implements CustomPhaseCommand<RotationSolution> {

    private long nodeLimit = 200_000;

    public void setNodeLimit(long nodeLimit) {
        this.nodeLimit = nodeLimit;
    }

    /**
     * Solves a problem exactly, without a node limit, from the empty plan: the reference optimum that
     * benchmarks measure the configured solver against.
     */
    public static ExactSearchReport optimum(RotationSolution problem) {
        BranchAndBound search = new BranchAndBound(new CoverageModel(problem), Long.MAX_VALUE);
        BranchAndBound.Plan best = search.solve(search.emptyPlan());
        return new ExactSearchReport(search.exhausted(), search.nodes(), true, best.urgent(), best.value(),
                best.cost(), best.changes());
    }

    @Override
    public void changeWorkingSolution(ScoreDirector<RotationSolution> scoreDirector) {
        RotationSolution solution = scoreDirector.getWorkingSolution();
        CoverageModel model = new CoverageModel(solution);
        BranchAndBound search = new BranchAndBound(model, nodeLimit);
        BranchAndBound.Plan start = currentPlan(model, search);
        BranchAndBound.Plan best = search.solve(start);
        boolean improved = best != start;
        if (improved) {
            adopt(scoreDirector, model, best);
        }
        solution.setExactReport(new ExactSearchReport(search.exhausted(), search.nodes(), improved, best.urgent(),
                best.value(), best.cost(), best.changes()));
    }

    /** The working solution as a plan, or the empty plan when it is incomplete or infeasible. */
    private static BranchAndBound.Plan currentPlan(CoverageModel model, BranchAndBound search) {
        List<PlatformSlot> slots = model.slots;
        boolean[] bundles = new boolean[model.bundles.length];
        int[] choice = new int[slots.size()];
        for (int p = 0; p < slots.size(); p++) {
            AccessOption option = slots.get(p).getOption();
            choice[p] = BranchAndBound.NONE;
            if (option == null) {
                return search.emptyPlan();
            }
            if (option.isBundle()) {
                choice[p] = BranchAndBound.BY_BUNDLE;
                for (int b = 0; b < model.bundles.length; b++) {
                    bundles[b] |= model.bundles[b] == option;
                }
            } else if (option.getKind() == AccessOption.Kind.TIER) {
                for (int k = 0; k < model.tiers[p].length; k++) {
                    if (model.tiers[p][k] == option) {
                        choice[p] = k;
                    }
                }
            }
        }
        BranchAndBound.Plan plan = search.evaluate(bundles, choice);
        return plan != null ? plan : search.emptyPlan();
    }

    private static void adopt(ScoreDirector<RotationSolution> scoreDirector, CoverageModel model,
            BranchAndBound.Plan plan) {
        for (int p = 0; p < model.slots.size(); p++) {
            PlatformSlot slot = model.slots.get(p);
            AccessOption option = AccessOption.NONE;
            if (plan.choice()[p] >= 0) {
                option = model.tiers[p][plan.choice()[p]];
            } else if (plan.choice()[p] == BranchAndBound.BY_BUNDLE) {
                for (int b = 0; b < model.bundles.length; b++) {
                    if (plan.bundleOn()[b] && java.util.Arrays.binarySearch(model.bundleMembers[b], p) >= 0) {
                        option = model.bundles[b];
                    }
                }
            }
            if (slot.getOption() != option) {
                scoreDirector.beforeVariableChanged(slot, "option");
                slot.setOption(option);
                scoreDirector.afterVariableChanged(slot, "option");
            }
        }
        scoreDirector.triggerVariableListeners();
    }
}
