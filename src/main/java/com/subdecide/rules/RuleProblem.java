package com.subdecide.rules;

/**
 * One compile error of a rule set, located where the analyst wrote it.
 *
 * @param location {@code rules/x.drl:12} for DRL, {@code decision-tables/x.drl.xlsx!Sheet!C11} for a table,
 *                 {@code solver-config/x.xml} for a solver configuration
 * @param message  what is wrong, in plain words
 */
public record RuleProblem(String location, String message) {

    @Override
    public String toString() {
        return location + ": " + message;
    }

    /**
     * A finding of a check beyond compiling.
     *
     * @param error errors stop a rule set from going live; warnings are reported only
     */
    public record Finding(String location, boolean error, String message) {

        @Override
        public String toString() {
            return (error ? "error   " : "warning ") + location + ": " + message;
        }
    }
}
