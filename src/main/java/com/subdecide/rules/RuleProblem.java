package com.subdecide.rules;

/**
 * One compile error of a rule set, located where the analyst wrote it.
 *
 * @param location {@code rules/x.drl:12} for DRL, {@code decision-tables/x.drl.xlsx!Sheet!C11} for a table,
 *                 {@code solver-config/x.xml} for a solver configuration
 * @param message  what is wrong
 */
public record RuleProblem(String location, String message) {

    @Override
    public String toString() {
        return location + ": " + message;
    }
}
