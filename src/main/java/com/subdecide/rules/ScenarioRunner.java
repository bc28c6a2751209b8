package com.subdecide.rules;

import java.util.List;

/**
 * Runs one kind of analyst test scenario: the rows of one sheet name in the {@code *.scenarios.xlsx} workbooks
 * beside the decision tables. Each business area that decides something provides one.
 */
public interface ScenarioRunner {

    /** The sheet this runner reads, e.g. {@code Plans}. */
    String sheet();

    /** The column headers it understands; any other header is reported as a mistake. */
    List<String> columns();

    /**
     * Decides the scenario on {@code ruleSet} and compares with the expected cells.
     *
     * @return each difference in plain words; empty when the scenario passes
     * @throws IllegalArgumentException when the row itself is wrong (missing request, bad number...)
     */
    List<String> run(RuleSet ruleSet, Scenario scenario);
}
