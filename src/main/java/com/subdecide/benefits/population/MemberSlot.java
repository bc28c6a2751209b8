package com.subdecide.benefits.population;

import java.util.List;
import org.optaplanner.core.api.domain.entity.PlanningEntity;
import org.optaplanner.core.api.domain.lookup.PlanningId;
import org.optaplanner.core.api.domain.valuerange.ValueRangeProvider;
import org.optaplanner.core.api.domain.variable.PlanningVariable;

/** One free slot of a member: empty, or one of the member's pool options. */
@PlanningEntity
public class MemberSlot {

    @PlanningId
    private long id;
    private Member member;

    @PlanningVariable(valueRangeProviderRefs = "memberOptions", nullable = true)
    private PoolBenefit benefit;

    public MemberSlot() {
    }

    public MemberSlot(long id, Member member, PoolBenefit benefit) {
        this.id = id;
        this.member = member;
        this.benefit = benefit;
    }

    @ValueRangeProvider(id = "memberOptions")
    public List<PoolBenefit> getOptions() {
        return member.getOptions();
    }

    public long getId() {
        return id;
    }

    public Member getMember() {
        return member;
    }

    public PoolBenefit getBenefit() {
        return benefit;
    }

    public void setBenefit(PoolBenefit benefit) {
        this.benefit = benefit;
    }

    public boolean isFilled() {
        return benefit != null;
    }

    /** The slot's worth to the objective: score × value of its benefit, in millionths. */
    public long profit() {
        return benefit == null ? 0 : member.profitOf(benefit);
    }

    public long valueCents() {
        return benefit == null ? 0 : member.valueCentsOf(benefit);
    }

    @Override
    public String toString() {
        return member + "#" + id + "=" + benefit;
    }
}
