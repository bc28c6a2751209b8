package com.subdecide.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import com.subdecide.experiments.domain.ExperimentReading;
import com.subdecide.experiments.domain.Flag;
import com.subdecide.experiments.domain.MetricReading;
import com.subdecide.experiments.domain.Recommendation;
import com.subdecide.rules.RuleFolders;
import com.subdecide.rules.RuleRun;
import com.subdecide.rules.RuleSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One test per rule of the shipped {@code rules/experiment-stopping.drl}, each on the facts that make it decide. */
class StoppingRulesTests {

    static RuleSet rules;

    @BeforeAll
    static void load() {
        rules = RuleFolders.loadShipped();
    }

    /** Day 20 of 7..42, no SRM, sequential, planned size not reached. */
    static ExperimentReading reading(int days, double srmP, boolean reached) {
        return new ExperimentReading("exp", days, 7, 42, srmP, true, reached, 0.05, 10_000);
    }

    static MetricReading primary(String variant, double lift, double low, double high, boolean significant) {
        return new MetricReading(variant, "orders", "PRIMARY", lift, low, high, significant, lift > 0, -high, 0, true);
    }

    static MetricReading guardrail(String variant, double harmLow, double margin) {
        return new MetricReading(variant, "benefit_cost", "GUARDRAIL", -harmLow, -harmLow - 0.01, -harmLow + 0.01,
                true, false, harmLow, margin, true);
    }

    record Outcome(Recommendation recommendation, List<Flag> flags) {
    }

    static Outcome run(Object... facts) {
        try (RuleRun run = rules.newRun()) {
            for (Object fact : facts) {
                run.insert(fact);
            }
            run.fireAll();
            List<Recommendation> recommendations = run.facts(Recommendation.class);
            assertThat(recommendations).as("exactly one recommendation").hasSize(1);
            return new Outcome(recommendations.get(0), run.facts(Flag.class));
        }
    }

    @Test
    void neverBeforeTheMinimumRuntime() {
        Outcome o = run(reading(3, 0.5, true), primary("b", 0.2, 0.1, 0.3, true));
        assertThat(o.recommendation().getAction()).isEqualTo("KEEP_RUNNING");
        assertThat(o.recommendation().getRule()).isEqualTo("never before the minimum runtime");
        assertThat(o.recommendation().getReason()).isEqualTo("runs 3 of at least 7 days");
    }

    @Test
    void aGuardrailHarmedBeyondItsMarginStops() {
        Outcome o = run(reading(20, 0.5, false), primary("b", 0.2, 0.1, 0.3, true), guardrail("b", 0.05, 0.02));
        assertThat(o.recommendation().getAction()).isEqualTo("STOP_FOR_HARM");
        assertThat(o.recommendation().getVariant()).isEqualTo("b");
        // Harm within the margin does not stop it: the winner ships.
        assertThat(run(reading(20, 0.5, false), primary("b", 0.2, 0.1, 0.3, true), guardrail("b", 0.01, 0.02))
                .recommendation().getAction()).isEqualTo("SHIP");
    }

    @Test
    void aSampleRatioMismatchIsFlaggedAndNothingShips() {
        Outcome o = run(reading(20, 0.0001, true), primary("b", 0.2, 0.1, 0.3, true));
        assertThat(o.flags()).extracting(Flag::getCode).containsExactly("SAMPLE_RATIO_MISMATCH");
        assertThat(o.recommendation().getAction()).isEqualTo("KEEP_RUNNING");
        assertThat(o.recommendation().getRule()).isEqualTo("never ship while the split is broken");
        assertThat(run(reading(20, 0.002, true), primary("b", 0.2, 0.1, 0.3, true)).flags()).isEmpty();
    }

    @Test
    void theBestWinnerOnThePrimaryMetricShips() {
        Outcome o = run(reading(20, 0.5, false), primary("b", 0.10, 0.02, 0.18, true),
                primary("c", 0.15, 0.05, 0.25, true), primary("d", 0.30, -0.1, 0.7, false));
        assertThat(o.recommendation().getAction()).isEqualTo("SHIP");
        assertThat(o.recommendation().getVariant()).isEqualTo("c");
        // A fixed-horizon analysis waits for its planned size.
        ExperimentReading fixed = new ExperimentReading("exp", 20, 7, 42, 0.5, false, false, 0.05, 10_000);
        assertThat(run(fixed, primary("c", 0.15, 0.05, 0.25, true)).recommendation().getAction())
                .isEqualTo("KEEP_RUNNING");
    }

    @Test
    void futilityAtThePlannedSizeWhenNoVariantCanReachTheMde() {
        Outcome o = run(reading(20, 0.5, true), primary("b", 0.0, -0.02, 0.03, false));
        assertThat(o.recommendation().getAction()).isEqualTo("STOP_FOR_FUTILITY");
        // While an interval still reaches the MDE, it runs on.
        assertThat(run(reading(20, 0.5, true), primary("b", 0.02, -0.02, 0.06, false)).recommendation().getAction())
                .isEqualTo("KEEP_RUNNING");
    }

    @Test
    void inconclusiveAtTheMaximumRuntime() {
        Outcome o = run(reading(42, 0.5, false), primary("b", 0.02, -0.02, 0.06, false));
        assertThat(o.recommendation().getAction()).isEqualTo("INCONCLUSIVE_AT_MAX_RUNTIME");
    }

    @Test
    void otherwiseKeepRunning() {
        Outcome o = run(reading(20, 0.5, false), primary("b", 0.02, -0.02, 0.06, false));
        assertThat(o.recommendation().getAction()).isEqualTo("KEEP_RUNNING");
        assertThat(o.recommendation().getRule()).isEqualTo("otherwise keep running");
    }
}
