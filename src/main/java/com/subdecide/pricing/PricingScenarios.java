package com.subdecide.pricing;

import com.subdecide.pricing.domain.PriceLimits;
import com.subdecide.rules.RuleRun;
import com.subdecide.rules.RuleSet;
import com.subdecide.rules.Scenario;
import com.subdecide.rules.ScenarioRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Pricing test scenarios: the {@code Pricing} sheet. Each row is one plan in one segment (its current price, the
 * competitors' median, the segment's monthly churn) run through the pricing constraints and guardrails; it states
 * the lowest and highest price they must allow, the ending, the grandfathered months and whether an increase is
 * allowed. Blank expectation cells are not checked.
 */
@Component
public class PricingScenarios implements ScenarioRunner {

    static final String PLAN = "Plan";
    static final String SEGMENT = "Segment";
    static final String CURRENT = "Current price";
    static final String MEDIAN = "Competitors' median";
    static final String CHURN = "Monthly churn";
    static final String LOWEST = "Lowest allowed";
    static final String HIGHEST = "Highest allowed";
    static final String ENDING = "Price ending";
    static final String GRANDFATHER = "Grandfathered months";
    static final String INCREASE = "Increase allowed";
    private static final List<String> COLUMNS = List.of(PLAN, SEGMENT, CURRENT, MEDIAN, CHURN, LOWEST, HIGHEST, ENDING,
            GRANDFATHER, INCREASE);

    @Override
    public String sheet() {
        return "Pricing";
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    public List<String> run(RuleSet ruleSet, Scenario scenario) {
        String plan = scenario.required(PLAN);
        String segment = scenario.required(SEGMENT);
        double current = number(scenario, CURRENT, null);
        Double median = scenario.cell(MEDIAN) == null ? null : number(scenario, MEDIAN, null);
        double churn = number(scenario, CHURN, 0.0);
        PriceLimits limits = new PriceLimits(plan, segment, 1, "USD", "MONTH", current, median, churn);
        try (RuleRun run = ruleSet.newRun()) {
            run.insert(limits);
            run.fireAll();
        }
        PriceRecommendations.Range range = PriceRecommendations.range(limits);
        List<String> differences = new ArrayList<>();
        compare(differences, scenario, LOWEST, range.lo(), range.loBy());
        compare(differences, scenario, HIGHEST, range.hi(), range.hiBy());
        if (scenario.cell(ENDING) != null && !scenario.cell(ENDING).trim().equals(limits.priceEnding())) {
            differences.add("price ending: expected " + scenario.cell(ENDING).trim() + ", got " + limits.priceEnding());
        }
        if (scenario.cell(GRANDFATHER) != null && number(scenario, GRANDFATHER, null) != limits.grandfatherMonths()) {
            differences.add("grandfathered months: expected " + scenario.cell(GRANDFATHER) + ", got "
                    + limits.grandfatherMonths());
        }
        Boolean expected = scenario.yesNo(INCREASE);
        if (expected != null) {
            boolean allowed = !limits.increaseForbidden();
            if (allowed != expected) {
                differences.add("increase allowed: expected " + (expected ? "yes" : "no") + ", got " + (allowed ? "yes"
                        : "no (" + limits.increaseForbiddenReason() + ")"));
            }
        }
        return differences;
    }

    private static void compare(List<String> differences, Scenario scenario, String column, double actual, String by) {
        if (scenario.cell(column) == null) {
            return;
        }
        double expected = number(scenario, column, null);
        if (Math.abs(expected - actual) > 0.005) {
            differences.add(column.toLowerCase(Locale.ROOT) + ": expected " + String.format(Locale.ROOT, "%.2f", expected)
                    + ", got " + String.format(Locale.ROOT, "%.2f", actual) + (by == null ? "" : " (set by " + by + ")"));
        }
    }

    private static double number(Scenario scenario, String column, Double fallback) {
        String value = scenario.cell(column);
        if (value == null) {
            if (fallback == null) {
                throw new IllegalArgumentException("'" + column + "' is empty");
            }
            return fallback;
        }
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + column + "' is not a number: " + value);
        }
    }
}
