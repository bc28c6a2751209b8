package com.subdecide.rotation.solver;

import java.util.List;
import org.optaplanner.core.api.score.director.ScoreDirector;
import org.optaplanner.core.impl.phase.custom.CustomPhaseCommand;

/**
 * Solver phase that runs {@link BranchAndBound} from the plan the earlier phases left, adopts a better plan
 * if it finds one, and records whether the search was exhausted (then the plan is proven optimal).
 * Configured in {@code solver-config/rotation-solver.xml}: {@code nodeLimit} caps the first pass; a month it cannot
 * settle is searched on without a node limit for at most {@code timeLimitMillis} (then it is proven or says not).
 */
public class ExactCoverageSearch implements CustomPhaseCommand<RotationSolution> {

    private long nodeLimit = 200_000;
    private long timeLimitMillis = 2_000;
    private long urgentNodeLimit = 500;

    public void setNodeLimit(long nodeLimit) {
        this.nodeLimit = nodeLimit;
    }

    /**
     * How long the search may go on past its node limit, without a node limit, to prove the plan optimal (the
     * rare month the first pass cannot settle); 0 stops at the node limit.
     */
    public void setTimeLimitMillis(long timeLimitMillis) {
        this.timeLimitMillis = timeLimitMillis;
    }

    /**
     * Nodes for the urgent level's search on its own, before the main search (which proves the urgent level
     * itself when this one stops short).
     */
    public void setUrgentNodeLimit(long urgentNodeLimit) {
        this.urgentNodeLimit = urgentNodeLimit;
    }

    @Override
    public void changeWorkingSolution(ScoreDirector<RotationSolution> scoreDirector) {
        RotationSolution solution = scoreDirector.getWorkingSolution();
        CoverageModel model = new CoverageModel(solution);
        long started = System.nanoTime();
        BranchAndBound search = new BranchAndBound(model, nodeLimit);
        search.urgentNodeLimit(urgentNodeLimit);
        BranchAndBound.Plan start = currentPlan(model, search);
        BranchAndBound.Plan best = search.solve(start);
        boolean proven = search.exhausted();
        long nodes = search.nodes();
        boolean continued = false;
        if (!proven && timeLimitMillis > 0) {
            BranchAndBound more = new BranchAndBound(model, Long.MAX_VALUE);
            more.deadline(started + timeLimitMillis * 1_000_000);
            best = more.solve(best);
            proven = more.exhausted();
            nodes += more.nodes();
            continued = true;
        }
        boolean improved = best != start;
        // Always written back: without an earlier phase the working plan may have no options at all yet.
        adopt(scoreDirector, model, best);
        solution.setExactReport(new ExactSearchReport(proven, nodes, improved, continued, best.urgent(),
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
