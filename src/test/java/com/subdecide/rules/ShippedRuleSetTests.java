package com.subdecide.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.subdecide.rotation.RotationPlanner;
import com.subdecide.rotation.RotationScenarios;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped rule set passes the whole validation, its scenarios included, as it must before it serves. */
class ShippedRuleSetTests {

    static final List<ScenarioRunner> RUNNERS = List.of(new RotationScenarios(new RotationPlanner()),
            new com.subdecide.benefits.BenefitScenarios(new com.subdecide.benefits.BenefitAllocator()),
            new com.subdecide.pricing.PricingScenarios(), new com.subdecide.campaigns.CampaignScenarios());

    @TempDir
    Path temp;

    @Test
    void theShippedRuleSetIsValidAndItsScenariosPass() {
        RuleSetValidator.Report report = RuleSetValidator.validate(
                RuleSetLoader.read(RulesProperties.of("rules", "decision-tables", "solver-config")), RUNNERS);
        assertThat(report.lines()).isEmpty();
        assertThat(report.valid()).isTrue();
        assertThat(report.scenarios().passed()).isGreaterThanOrEqualTo(13);
    }

    @Test
    void aScenarioThatNoLongerHoldsNamesItsRowAndTheDifference() {
        RuleFolders folders = RuleFolders.copyOfShipped(temp);
        // An analyst makes must-watch titles count for little: Apple's in-progress must-watch no longer pays for it.
        folders.setCell("decision-tables/emphasis.drl.xlsx", "Emphasis", "C10", 0.5);
        RuleSetValidator.Report report = RuleSetValidator.validate(RuleSetLoader.read(folders.properties()), RUNNERS);
        assertThat(report.errors()).isEmpty();
        assertThat(report.valid()).isFalse();
        assertThat(report.scenarios().failures()).anySatisfy(f -> {
            assertThat(f.location()).isEqualTo("decision-tables/scenarios/rotation.scenarios.xlsx!Plans!row 7");
            assertThat(f.differences()).contains("apple: expected KEEP, got CANCEL standard");
        });
    }

    @Test
    void aBenefitScenarioThatNoLongerHoldsNamesItsRowAndTheDifference() {
        RuleFolders folders = RuleFolders.copyOfShipped(temp);
        // An analyst values the November drop at 5 for SILVER: 0.6 × 5 no longer beats the discount's 0.9 × 4.
        folders.setCell("decision-tables/benefit-pool.drl.xlsx", "Pool", "E22", 5);
        RuleSetValidator.Report report = RuleSetValidator.validate(RuleSetLoader.read(folders.properties()), RUNNERS);
        assertThat(report.errors()).isEmpty();
        assertThat(report.valid()).isFalse();
        assertThat(report.scenarios().failures()).singleElement().satisfies(f -> {
            assertThat(f.location()).isEqualTo("decision-tables/scenarios/benefits.scenarios.xlsx!Benefits!row 7");
            assertThat(f.differences()).containsExactly(
                    "benefits: expected free_shipping, exclusive_drop_nov, fast_shipping, got free_shipping, fast_shipping, "
                            + "discount_10 (missing exclusive_drop_nov) (not expected discount_10)",
                    "discount_10: expected not to be given, but it is (decision-tables/benefit-pool.drl.xlsx!Pool!B13)");
        });
    }

    @Test
    void aScenarioRowThatCannotRunSaysWhy() {
        RuleFolders folders = RuleFolders.copyOfShipped(temp);
        folders.setCell("decision-tables/scenarios/rotation.scenarios.xlsx", "Plans", "C5", "missing.json");
        folders.setCell("decision-tables/scenarios/rotation.scenarios.xlsx", "Plans", "L4", "Colour");
        RuleSetValidator.Report report = RuleSetValidator.validate(RuleSetLoader.read(folders.properties()), RUNNERS);
        assertThat(report.scenarios().failures()).extracting(ScenarioReport.Failure::toString)
                .anySatisfy(line -> assertThat(line).contains("Plans!row 4", "unknown column [Colour]"));
        folders.setCell("decision-tables/scenarios/rotation.scenarios.xlsx", "Plans", "L4", "");
        report = RuleSetValidator.validate(RuleSetLoader.read(folders.properties()), RUNNERS);
        assertThat(report.scenarios().failures()).extracting(ScenarioReport.Failure::toString)
                .anySatisfy(line -> assertThat(line).contains("Plans!row 5",
                        "the request file decision-tables/scenarios/missing.json is not in the rule set"));
    }

    @Test
    void theValidateCommandExitsNonZeroAndNamesTheCellOnErrors() {
        RuleFolders folders = RuleFolders.copyOfShipped(temp);
        assertThat(validate(temp)).startsWith("0\n").contains("OK: the rule set compiles and its scenarios pass");
        folders.setCell("decision-tables/urgency.drl.xlsx", "Urgency", "D10", "five)");
        String output = validate(temp);
        assertThat(output).startsWith("1\n").contains("decision-tables/urgency.drl.xlsx!Urgency!D10", "NOT VALID");
        assertThat(validate(temp.resolve("nowhere"))).startsWith("2\n");
    }

    @Test
    void tableCellsAreHeldToTheSameAllowlistAsDrl() {
        RuleFolders folders = RuleFolders.copyOfShipped(temp);
        folders.setCell("decision-tables/tier-quality.drl.xlsx", "TierQuality", "C8", "$a.setQuality($param); System.exit(0);");
        RuleSetValidator.Report report = RuleSetValidator.validate(RuleSetLoader.read(folders.properties()), RUNNERS);
        assertThat(report.errors()).anySatisfy(e -> {
            assertThat(e.location()).isEqualTo("decision-tables/tier-quality.drl.xlsx!TierQuality!C8");
            assertThat(e.message()).contains("'System' is not a type rules may use");
        });
    }

    private static String validate(Path dir) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = ValidateCommand.run(new String[] {dir.toString()}, RUNNERS, new PrintStream(out, true, StandardCharsets.UTF_8));
        return status + "\n" + out.toString(StandardCharsets.UTF_8);
    }
}
