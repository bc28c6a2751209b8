package com.subdecide.benefits;

import com.subdecide.benefits.domain.BenefitUser;
import com.subdecide.rules.RuleSet;
import com.subdecide.rules.Scenario;
import com.subdecide.rules.ScenarioRunner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Benefit-allocation test scenarios: the {@code Benefits} sheet. Each row is a member in a tier with given scores
 * and behaviour; it states the benefits they must get (all of them, in any order) and benefits they must not get.
 * Blank expectation cells are not checked.
 */
@Component
public class BenefitScenarios implements ScenarioRunner {

    static final String TIER = "Tier";
    static final String SCORES = "Scores";
    static final String PURCHASES = "Purchases 90d";
    static final String REVIEWS = "Reviews 90d";
    static final String WISHES = "Wish-list adds 90d";
    static final String EXPECTED = "Expected benefits";
    static final String NOT_GIVEN = "Not given";
    private static final List<String> COLUMNS = List.of(TIER, SCORES, PURCHASES, REVIEWS, WISHES, EXPECTED, NOT_GIVEN);

    private final BenefitAllocator allocator;

    public BenefitScenarios(BenefitAllocator allocator) {
        this.allocator = allocator;
    }

    @Override
    public String sheet() {
        return "Benefits";
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    public List<String> run(RuleSet ruleSet, Scenario scenario) {
        String tier = scenario.cell(TIER);
        if (tier == null) {
            throw new IllegalArgumentException("'" + TIER + "' is empty");
        }
        List<PropensityModels.Score> scores = new ArrayList<>();
        if (scenario.cell(SCORES) != null) {
            for (String pair : scenario.cell(SCORES).split("[;,]")) {
                String[] parts = pair.trim().split("=");
                if (parts.length != 2) {
                    throw new IllegalArgumentException("'" + SCORES + "' must read like fast_shipping=0.7; discount_10=0.4, not '"
                            + pair.trim() + "'");
                }
                scores.add(new PropensityModels.Score(parts[0].trim(), number(parts[1], SCORES), List.of()));
            }
        }
        String user = "scenario-" + scenario.row();
        BenefitUser behaviour = new BenefitUser(user, count(scenario, PURCHASES), count(scenario, REVIEWS), count(scenario, WISHES));
        BenefitAllocator.Allocation allocation;
        try {
            allocation = allocator.allocate(UUID.nameUUIDFromBytes(scenario.location().getBytes(StandardCharsets.UTF_8)),
                    user, tier, ruleSet, new PropensityModels.Scored("scenario", scores), behaviour);
        } catch (com.subdecide.system.InvalidRequestException e) {
            throw new IllegalArgumentException("no tier '" + tier + "' in the Slots table");
        }
        Set<String> given = new LinkedHashSet<>();
        allocation.benefits().forEach(b -> given.add(b.benefitId()));
        List<String> differences = new ArrayList<>();
        if (scenario.cell(EXPECTED) != null) {
            Set<String> expected = ids(scenario.cell(EXPECTED));
            if (!expected.equals(given)) {
                Set<String> missing = new LinkedHashSet<>(expected);
                missing.removeAll(given);
                Set<String> extra = new LinkedHashSet<>(given);
                extra.removeAll(expected);
                differences.add("benefits: expected " + String.join(", ", expected) + ", got " + String.join(", ", given)
                        + (missing.isEmpty() ? "" : " (missing " + String.join(", ", missing) + ")")
                        + (extra.isEmpty() ? "" : " (not expected " + String.join(", ", extra) + ")"));
            }
        }
        if (scenario.cell(NOT_GIVEN) != null) {
            for (String id : ids(scenario.cell(NOT_GIVEN))) {
                if (given.contains(id)) {
                    differences.add(id + ": expected not to be given, but it is ("
                            + allocation.benefits().stream().filter(b -> b.benefitId().equals(id)).findFirst().orElseThrow().source() + ")");
                }
            }
        }
        return differences;
    }

    private static Set<String> ids(String cell) {
        Set<String> ids = new LinkedHashSet<>();
        Arrays.stream(cell.split("[;,]")).map(String::trim).filter(s -> !s.isEmpty()).forEach(ids::add);
        return ids;
    }

    private static int count(Scenario scenario, String column) {
        String cell = scenario.cell(column);
        if (cell == null) {
            return 0;
        }
        double n = number(cell, column);
        if (n < 0 || n != Math.rint(n)) {
            throw new IllegalArgumentException("'" + column + "' must be a whole number, not " + cell);
        }
        return (int) n;
    }

    private static double number(String text, String column) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + column + "' is not a number: " + text);
        }
    }
}
