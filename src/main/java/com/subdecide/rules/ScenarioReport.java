package com.subdecide.rules;

import java.util.List;

/**
 * What the analysts' test scenarios said about a rule set.
 *
 * @param passed   scenario rows that matched
 * @param failures rows that did not, each naming the row and every difference
 */
public record ScenarioReport(int passed, List<Failure> failures) {

    public boolean ok() {
        return failures.isEmpty();
    }

    /** A failing row: where it is, its name, and each difference. */
    public record Failure(String location, String scenario, List<String> differences) {

        @Override
        public String toString() {
            return location + " (" + scenario + "): " + String.join("; ", differences);
        }
    }
}
