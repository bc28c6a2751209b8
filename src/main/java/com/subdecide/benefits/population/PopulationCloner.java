package com.subdecide.benefits.population;

import java.util.ArrayList;
import java.util.List;
import org.optaplanner.core.api.domain.solution.cloner.SolutionCloner;

/**
 * Clones a population for a new best solution: new slot objects (the only thing that changes), the facts shared.
 * Several times faster than the generic reflective cloner on hundreds of thousands of slots.
 */
public class PopulationCloner implements SolutionCloner<PopulationSolution> {

    @Override
    public PopulationSolution cloneSolution(PopulationSolution original) {
        List<MemberSlot> slots = new ArrayList<>(original.getSlots().size());
        for (MemberSlot slot : original.getSlots()) {
            slots.add(new MemberSlot(slot.getId(), slot.getMember(), slot.getBenefit()));
        }
        PopulationSolution clone = new PopulationSolution(original.getMembers(), original.getBenefits(),
                original.getUserLimits(), original.getValueLimits(), slots);
        clone.setScore(original.getScore());
        clone.setStart(original.getStart());
        return clone;
    }
}
