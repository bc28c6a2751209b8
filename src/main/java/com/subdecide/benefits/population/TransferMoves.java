package com.subdecide.benefits.population;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.optaplanner.core.api.score.director.ScoreDirector;
import org.optaplanner.core.impl.heuristic.selector.move.factory.MoveIteratorFactory;

/**
 * Moves a capacity-limited place from one member to another in one step: a member takes a benefit they do not hold
 * into one of their slots, and a member who holds it gives it up for another of their options (or nothing). One
 * change at a time cannot do this when the capacity is full: the first change breaks the capacity, so it is never
 * accepted. Random selection only.
 */
public class TransferMoves implements MoveIteratorFactory<PopulationSolution, SlotsChange> {

    private MemberSlot[][] byMember;
    private MemberSlot[] slots;
    private Set<PoolBenefit> capped;

    @Override
    public void phaseStarted(ScoreDirector<PopulationSolution> director) {
        PopulationSolution solution = director.getWorkingSolution();
        slots = solution.getSlots().toArray(new MemberSlot[0]);
        List<List<MemberSlot>> grouped = new ArrayList<>();
        solution.getMembers().forEach(m -> grouped.add(new ArrayList<>(2)));
        for (MemberSlot s : slots) {
            grouped.get(s.getMember().getIndex()).add(s);
        }
        byMember = new MemberSlot[grouped.size()][];
        for (int i = 0; i < grouped.size(); i++) {
            byMember[i] = grouped.get(i).toArray(new MemberSlot[0]);
        }
        capped = new HashSet<>();
        solution.getUserLimits().forEach(l -> capped.add(l.benefit()));
        solution.getValueLimits().forEach(l -> capped.add(l.benefit()));
    }

    @Override
    public void phaseEnded(ScoreDirector<PopulationSolution> director) {
        byMember = null;
        slots = null;
        capped = null;
    }

    @Override
    public long getSize(ScoreDirector<PopulationSolution> director) {
        return (long) director.getWorkingSolution().getSlots().size() * 8;
    }

    @Override
    public Iterator<SlotsChange> createOriginalMoveIterator(ScoreDirector<PopulationSolution> director) {
        throw new UnsupportedOperationException("transfer moves are selected at random only");
    }

    @Override
    public Iterator<SlotsChange> createRandomMoveIterator(ScoreDirector<PopulationSolution> director, Random random) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return slots.length > 0;
            }

            @Override
            public SlotsChange next() {
                return transfer(random);
            }
        };
    }

    private SlotsChange transfer(Random random) {
        MemberSlot slot = slots[random.nextInt(slots.length)];
        Member member = slot.getMember();
        for (int attempt = 0; attempt < 8; attempt++) {
            PoolBenefit wanted = member.getOptions().get(random.nextInt(member.optionCount()));
            if (holds(member, wanted)) {
                continue;
            }
            if (!capped.contains(wanted)) {
                return new SlotsChange(new MemberSlot[] {slot}, new PoolBenefit[] {wanted});
            }
            for (int look = 0; look < 64; look++) {
                MemberSlot holder = slots[random.nextInt(slots.length)];
                if (holder.getBenefit() == wanted && holder.getMember() != member) {
                    return new SlotsChange(new MemberSlot[] {slot, holder},
                            new PoolBenefit[] {wanted, alternative(holder.getMember(), wanted, random)});
                }
            }
            return new SlotsChange(new MemberSlot[] {slot}, new PoolBenefit[] {wanted});
        }
        return new SlotsChange(new MemberSlot[] {slot}, new PoolBenefit[] {null});
    }

    private boolean holds(Member member, PoolBenefit benefit) {
        for (MemberSlot s : byMember[member.getIndex()]) {
            if (s.getBenefit() == benefit) {
                return true;
            }
        }
        return false;
    }

    /** One of the member's options they do not hold (other than the one given up), or nothing. */
    private PoolBenefit alternative(Member member, PoolBenefit givenUp, Random random) {
        List<PoolBenefit> free = new ArrayList<>(member.optionCount());
        for (PoolBenefit b : member.getOptions()) {
            if (b != givenUp && !holds(member, b)) {
                free.add(b);
            }
        }
        int pick = random.nextInt(free.size() + 1);
        return pick == free.size() ? null : free.get(pick);
    }
}
