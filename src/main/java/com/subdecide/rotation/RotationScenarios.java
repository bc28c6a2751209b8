package com.subdecide.rotation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subdecide.rules.RuleSet;
import com.subdecide.rules.Scenario;
import com.subdecide.rules.ScenarioRunner;
import com.subdecide.system.InvalidRequestException;
import com.subdecide.system.JsonRequestReader;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Rotation-plan test scenarios: the {@code Plans} sheet. Each row names a request (a JSON file beside the
 * workbook), may override its budget and date, and states what it expects of one platform and of the plan.
 * Blank expectation cells are not checked.
 */
@Component
public class RotationScenarios implements ScenarioRunner {

    static final String REQUEST = "Request";
    static final String BUDGET = "Budget cap";
    static final String AS_OF = "As of";
    static final String PLATFORM = "Platform";
    static final String ACTION = "Expected action";
    static final String TIER = "Expected tier";
    static final String TOTAL = "Expected total monthly cost";
    static final String MAX_TOTAL = "Max total monthly cost";
    static final String FIRST = "First to watch";
    private static final List<String> COLUMNS = List.of(REQUEST, BUDGET, AS_OF, PLATFORM, ACTION, TIER, TOTAL,
            MAX_TOTAL, FIRST);
    private static final List<String> ACTIONS = List.of("KEEP", "SUBSCRIBE", "DOWNGRADE", "CANCEL", "NONE");

    private static final com.fasterxml.jackson.databind.ObjectMapper TREES =
            com.fasterxml.jackson.databind.json.JsonMapper.builder().findAndAddModules().build();

    private final RotationPlanner planner;

    public RotationScenarios(RotationPlanner planner) {
        this.planner = planner;
    }

    @Override
    public String sheet() {
        return "Plans";
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    public List<String> run(RuleSet ruleSet, Scenario scenario) {
        RotationPlan plan = planner.plan(request(ruleSet, scenario), ruleSet,
                UUID.nameUUIDFromBytes(scenario.location().getBytes(StandardCharsets.UTF_8))).plan();
        RotationOutcome outcome = RotationOutcome.of(TREES.valueToTree(plan));
        List<String> differences = new ArrayList<>();
        String platform = scenario.cell(PLATFORM);
        String expectedAction = scenario.cell(ACTION);
        String expectedTier = scenario.cell(TIER);
        if ((expectedAction != null || expectedTier != null) && platform == null) {
            throw new IllegalArgumentException("'" + ACTION + "' and '" + TIER + "' need a '" + PLATFORM + "'");
        }
        if (platform != null) {
            String[] actual = outcome.actions().getOrDefault(platform, "NONE").split(" ", 2);
            if (expectedAction != null) {
                String wanted = expectedAction.toUpperCase(Locale.ROOT);
                if (!ACTIONS.contains(wanted)) {
                    throw new IllegalArgumentException("'" + ACTION + "' must be one of " + ACTIONS + ", not " + expectedAction);
                }
                if (!actual[0].equals(wanted)) {
                    differences.add(platform + ": expected " + wanted + ", got " + String.join(" ", actual));
                }
            }
            if (expectedTier != null && (actual.length < 2 || !actual[1].equals(expectedTier))) {
                differences.add(platform + ": expected tier " + expectedTier + ", got "
                        + (actual.length < 2 ? "none" : actual[1]));
            }
        }
        BigDecimal total = plan.totalMonthlyCost();
        if (scenario.cell(TOTAL) != null && total.compareTo(money(scenario, TOTAL)) != 0) {
            differences.add("total monthly cost: expected " + scenario.cell(TOTAL) + ", got " + total.toPlainString());
        }
        if (scenario.cell(MAX_TOTAL) != null && total.compareTo(money(scenario, MAX_TOTAL)) > 0) {
            differences.add("total monthly cost: expected at most " + scenario.cell(MAX_TOTAL) + ", got "
                    + total.toPlainString());
        }
        String first = scenario.cell(FIRST);
        if (first != null && (outcome.watchNext().isEmpty() || !outcome.watchNext().get(0).equals(first))) {
            differences.add("first to watch: expected " + first + ", got "
                    + (outcome.watchNext().isEmpty() ? "nothing" : outcome.watchNext().get(0)));
        }
        return differences;
    }

    private static RotationRequest request(RuleSet ruleSet, Scenario scenario) {
        String file = scenario.cell(REQUEST);
        if (file == null) {
            throw new IllegalArgumentException("'" + REQUEST + "' names no request file");
        }
        String path = scenario.resolve(file);
        byte[] bytes = ruleSet.file(path).orElseThrow(() ->
                new IllegalArgumentException("the request file " + path + " is not in the rule set"));
        try {
            JsonNode body = JsonRequestReader.readBody(new ByteArrayInputStream(bytes), bytes.length + 1);
            if (!(body instanceof ObjectNode object)) {
                throw new IllegalArgumentException(path + " is not a JSON object");
            }
            if (scenario.cell(BUDGET) != null) {
                object.put("budget_cap", money(scenario, BUDGET));
            }
            if (scenario.cell(AS_OF) != null) {
                object.put("as_of", scenario.cell(AS_OF));
            }
            if (!object.hasNonNull("as_of")) {
                throw new IllegalArgumentException(path + " has no as_of and the row gives no '" + AS_OF + "'");
            }
            return new RotationRequestReader(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)).read(object);
        } catch (InvalidRequestException e) {
            throw new IllegalArgumentException(path + " with this row's overrides is not a valid request: "
                    + e.getMessage() + " " + e.problems(), e);
        }
    }

    private static BigDecimal money(Scenario scenario, String column) {
        try {
            return new BigDecimal(scenario.cell(column).replace("$", "").trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + column + "' is not an amount: " + scenario.cell(column));
        }
    }
}
