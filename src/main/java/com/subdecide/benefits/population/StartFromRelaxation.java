package com.subdecide.benefits.population;

import java.util.List;
import org.optaplanner.core.api.score.director.ScoreDirector;
import org.optaplanner.core.impl.phase.custom.CustomPhaseCommand;

/**
 * The first phase: puts in the allocation the Lagrangian relaxation of the capacities found (feasible, and
 * usually within a fraction of a percent of the bound), so the local search starts there instead of from empty
 * slots. Without a start it leaves the slots empty.
 */
public class StartFromRelaxation implements CustomPhaseCommand<PopulationSolution> {

    @Override
    public void changeWorkingSolution(ScoreDirector<PopulationSolution> director) {
        PopulationSolution solution = director.getWorkingSolution();
        int[] start = solution.getStart();
        if (start == null) {
            return;
        }
        List<MemberSlot> slots = solution.getSlots();
        for (int i = 0; i < slots.size(); i++) {
            MemberSlot slot = slots.get(i);
            PoolBenefit wanted = start[i] < 0 ? null : slot.getMember().getOptions().get(start[i]);
            if (slot.getBenefit() != wanted) {
                director.beforeVariableChanged(slot, "benefit");
                slot.setBenefit(wanted);
                director.afterVariableChanged(slot, "benefit");
            }
        }
        director.triggerVariableListeners();
    }
}
