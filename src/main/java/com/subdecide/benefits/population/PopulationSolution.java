package com.subdecide.benefits.population;

import java.util.List;
import org.optaplanner.core.api.domain.solution.PlanningEntityCollectionProperty;
import org.optaplanner.core.api.domain.solution.PlanningScore;
import org.optaplanner.core.api.domain.solution.PlanningSolution;
import org.optaplanner.core.api.domain.solution.ProblemFactCollectionProperty;
import org.optaplanner.core.api.score.buildin.hardsoftlong.HardSoftLongScore;

/**
 * The population's slots and the capacities on them. {@code start} is an allocation to begin the search from
 * (per slot, the option position or -1), set by {@link StartFromRelaxation}'s caller; it is not part of the
 * score.
 */
@PlanningSolution(solutionCloner = PopulationCloner.class)
public class PopulationSolution {

    @ProblemFactCollectionProperty
    private List<Member> members;
    @ProblemFactCollectionProperty
    private List<PoolBenefit> benefits;
    @ProblemFactCollectionProperty
    private List<UserLimit> userLimits;
    @ProblemFactCollectionProperty
    private List<ValueLimit> valueLimits;
    @PlanningEntityCollectionProperty
    private List<MemberSlot> slots;
    @PlanningScore
    private HardSoftLongScore score;
    private int[] start;

    public PopulationSolution() {
    }

    public PopulationSolution(List<Member> members, List<PoolBenefit> benefits, List<UserLimit> userLimits,
            List<ValueLimit> valueLimits, List<MemberSlot> slots) {
        this.members = members;
        this.benefits = benefits;
        this.userLimits = userLimits;
        this.valueLimits = valueLimits;
        this.slots = slots;
    }

    public List<Member> getMembers() {
        return members;
    }

    public List<PoolBenefit> getBenefits() {
        return benefits;
    }

    public List<UserLimit> getUserLimits() {
        return userLimits;
    }

    public List<ValueLimit> getValueLimits() {
        return valueLimits;
    }

    public List<MemberSlot> getSlots() {
        return slots;
    }

    public HardSoftLongScore getScore() {
        return score;
    }

    public void setScore(HardSoftLongScore score) {
        this.score = score;
    }

    public int[] getStart() {
        return start;
    }

    public void setStart(int[] start) {
        this.start = start;
    }
}
