package com.subdecide.benefits.population;

/** A pool benefit, shared by every member who may get it; the planning value of a {@link MemberSlot}. */
public final class PoolBenefit {

    private final int index;
    private final String id;

    public PoolBenefit(int index, String id) {
        this.index = index;
        this.id = id;
    }

    public int getIndex() {
        return index;
    }

    public String getId() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }
}
