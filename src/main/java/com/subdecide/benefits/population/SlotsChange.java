package com.subdecide.benefits.population;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.optaplanner.core.api.score.director.ScoreDirector;
import org.optaplanner.core.impl.heuristic.move.AbstractMove;

/** Sets one or more slots (of one or more members) to new benefits in one move; its undo sets them back. */
public class SlotsChange extends AbstractMove<PopulationSolution> {

    private final MemberSlot[] slots;
    private final PoolBenefit[] to;

    public SlotsChange(MemberSlot[] slots, PoolBenefit[] to) {
        this.slots = slots;
        this.to = to;
    }

    @Override
    public boolean isMoveDoable(ScoreDirector<PopulationSolution> director) {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i].getBenefit() != to[i]) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected SlotsChange createUndoMove(ScoreDirector<PopulationSolution> director) {
        PoolBenefit[] back = new PoolBenefit[slots.length];
        for (int i = 0; i < slots.length; i++) {
            back[i] = slots[i].getBenefit();
        }
        return new SlotsChange(slots, back);
    }

    @Override
    protected void doMoveOnGenuineVariables(ScoreDirector<PopulationSolution> director) {
        for (int i = 0; i < slots.length; i++) {
            director.beforeVariableChanged(slots[i], "benefit");
            slots[i].setBenefit(to[i]);
            director.afterVariableChanged(slots[i], "benefit");
        }
    }

    @Override
    public SlotsChange rebase(ScoreDirector<PopulationSolution> destination) {
        return new SlotsChange(lookUp(slots, destination), lookUp(to, destination));
    }

    private static <T> T[] lookUp(T[] items, ScoreDirector<PopulationSolution> destination) {
        T[] out = items.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = out[i] == null ? null : destination.lookUpWorkingObject(out[i]);
        }
        return out;
    }

    @Override
    public Collection<?> getPlanningEntities() {
        return Arrays.asList(slots);
    }

    @Override
    public Collection<?> getPlanningValues() {
        List<PoolBenefit> values = new ArrayList<>();
        for (PoolBenefit b : to) {
            if (b != null) {
                values.add(b);
            }
        }
        return values;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < slots.length; i++) {
            s.append(i == 0 ? "" : ", ").append(slots[i]).append(" -> ").append(to[i]);
        }
        return s.toString();
    }
}
