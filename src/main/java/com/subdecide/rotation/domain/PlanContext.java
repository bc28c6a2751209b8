package com.subdecide.rotation.domain;

import java.time.LocalDate;

/** The month being planned: its start and the user's hard budget in cents. */
public class PlanContext {

    private final LocalDate asOf;
    private final long budgetCents;

    public PlanContext(LocalDate asOf, long budgetCents) {
        this.asOf = asOf;
        this.budgetCents = budgetCents;
    }

    public LocalDate getAsOf() {
        return asOf;
    }

    public long getBudgetCents() {
        return budgetCents;
    }
}
