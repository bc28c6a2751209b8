package com.subdecide.rotation.domain;

/** A choice the strict-budget guardrail removed because the plan cost more than the budget. */
public class BudgetDrop {

    private final ChosenAccess dropped;

    public BudgetDrop(ChosenAccess dropped) {
        this.dropped = dropped;
    }

    public ChosenAccess getDropped() {
        return dropped;
    }
}
