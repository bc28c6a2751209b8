package com.subdecide.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.subdecide.rules.RuleFolders;
import com.subdecide.rules.RuleSet;
import com.subdecide.tools.SampleMonths;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class YearSimulationTests {

    static final RuleSet RULES = RuleFolders.loadShipped();
    final YearSimulation simulation = new YearSimulation(new RotationPlanner());

    static RotationRequest example() throws Exception {
        return new RotationRequestReader(Clock.fixed(java.time.Instant.EPOCH, ZoneOffset.UTC))
                .read(JsonMapper.builder().build().readTree(Files.readString(Path.of("docs/examples/rotation-plan-request.json"))));
    }

    @Test
    void aYearOfTheExampleMonthPausesNetflixAndCountsItAsSavings() throws Exception {
        YearSimulation.Result year = simulation.simulate(new YearSimulation.Input(example(), null, 12, 3), RULES);
        assertThat(year.months()).hasSize(12);
        assertThat(year.months().get(0).cancel()).contains("netflix");
        assertThat(year.months().get(0).savings()).anySatisfy(e -> {
            assertThat(e.platformId()).isEqualTo("netflix");
            assertThat(e.amount()).isEqualByComparingTo("15.49");
        });
        assertThat(year.sentences()).anySatisfy(s -> assertThat(s).startsWith("You paused Netflix for "));
        assertThat(year.chart().months()).hasSize(12).startsWith("2026-11");
        assertConsistent(year, example().budgetCap());
    }

    @Property(tries = 15)
    void savingsAreNeverNegativeTotalsAreTheirSumsAndNoMonthExceedsTheBudget(@ForAll @LongRange(min = 0, max = 10_000) long seed) {
        RotationRequest month = SampleMonths.create(new SampleMonths.Shape(6, 1, 30, 20), seed);
        YearSimulation.Result year = simulation.simulate(new YearSimulation.Input(month, null, 12, 4), RULES);
        assertConsistent(year, month.budgetCap());
    }

    static void assertConsistent(YearSimulation.Result year, BigDecimal budget) {
        BigDecimal saved = BigDecimal.ZERO;
        BigDecimal paid = BigDecimal.ZERO;
        for (YearSimulation.Month m : year.months()) {
            assertThat(m.paid()).as(m.month() + " within budget").isLessThanOrEqualTo(budget);
            assertThat(m.saved()).isNotNegative();
            assertThat(m.savings()).allSatisfy(e -> assertThat(e.amount()).isPositive());
            assertThat(m.saved()).isEqualByComparingTo(m.savings().stream().map(SavingsLedger.Entry::amount)
                    .reduce(BigDecimal.ZERO, BigDecimal::add));
            saved = saved.add(m.saved());
            paid = paid.add(m.paid());
            assertThat(m.savedSoFar()).isEqualByComparingTo(saved);
        }
        assertThat(year.totalSaved()).isEqualByComparingTo(saved);
        assertThat(year.totalPaid()).isEqualByComparingTo(paid);
        List<BigDecimal> chart = year.chart().savedSoFar();
        for (int i = 1; i < chart.size(); i++) {
            assertThat(chart.get(i)).isGreaterThanOrEqualTo(chart.get(i - 1));
        }
    }
}
