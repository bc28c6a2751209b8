package com.subdecide.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.Test;

class SavingsLedgerTests {

    static final SavingsLedger.BaselineService DISNEY = new SavingsLedger.BaselineService("disney", "standard",
            new BigDecimal("10.00"), YearMonth.of(2026, 1), "ONBOARDING");

    @Test
    void theSourcesExampleHoldsExactly() {
        List<SavingsLedger.Entry> entries = new ArrayList<>();
        for (int m = 1; m <= 12; m++) {
            YearMonth month = YearMonth.of(2026, m);
            Map<String, SavingsLedger.Paid> paid = m >= 3 && m <= 6 ? Map.of()
                    : Map.of("disney", new SavingsLedger.Paid("disney", "standard", new BigDecimal("10.00")));
            entries.addAll(SavingsLedger.entriesFor(month, List.of(DISNEY), paid));
        }
        assertThat(SavingsLedger.yearlyTotal(entries, YearMonth.of(2026, 12))).isEqualByComparingTo("40");
        assertThat(SavingsLedger.sentences(entries, YearMonth.of(2026, 12), Map.of("disney", "Disney+"), "USD"))
                .containsExactly("You paused Disney+ for 4 months this year, saving $40!");
    }

    @Test
    void aCheaperTierSavesTheDifferenceAndOnlyTheLastTwelveMonthsCount() {
        List<SavingsLedger.Entry> entries = new ArrayList<>();
        entries.addAll(SavingsLedger.entriesFor(YearMonth.of(2026, 1), List.of(DISNEY), Map.of()));
        entries.addAll(SavingsLedger.entriesFor(YearMonth.of(2027, 1), List.of(DISNEY),
                Map.of("disney", new SavingsLedger.Paid("disney", "ads", new BigDecimal("7.99")))));
        assertThat(entries.get(1).amount()).isEqualByComparingTo("2.01");
        assertThat(SavingsLedger.yearlyTotal(entries, YearMonth.of(2027, 1))).isEqualByComparingTo("2.01");
        assertThat(SavingsLedger.sentences(entries, YearMonth.of(2027, 1), Map.of(), "USD"))
                .containsExactly("You downgraded disney for 1 month this year, saving $2.01!");
        assertThat(SavingsLedger.entriesFor(YearMonth.of(2025, 12), List.of(DISNEY), Map.of()))
                .as("before it joined the baseline").isEmpty();
    }

    @Property(tries = 500)
    void savingsAreNeverNegativeAndTheTotalIsTheSumOfItsEntries(@ForAll("years") List<Map<String, SavingsLedger.Paid>> months) {
        List<SavingsLedger.BaselineService> baseline = List.of(DISNEY,
                new SavingsLedger.BaselineService("netflix", "standard", new BigDecimal("15.49"), YearMonth.of(2026, 3), "KEPT"));
        List<SavingsLedger.Entry> entries = new ArrayList<>();
        for (int m = 0; m < months.size(); m++) {
            entries.addAll(SavingsLedger.entriesFor(YearMonth.of(2026, 1).plusMonths(m), baseline, months.get(m)));
        }
        assertThat(entries).allSatisfy(e -> assertThat(e.amount()).isPositive());
        YearMonth last = YearMonth.of(2026, 1).plusMonths(months.size() - 1);
        BigDecimal sum = entries.stream().filter(e -> !e.month().isBefore(last.minusMonths(11)))
                .map(SavingsLedger.Entry::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(SavingsLedger.yearlyTotal(entries, last)).isEqualByComparingTo(sum);
        assertThat(SavingsLedger.yearlyTotal(entries, last)).isNotNegative();
        assertThat(entries).allSatisfy(e -> assertThat(e.amount().scale()).isLessThanOrEqualTo(2));
    }

    @Provide
    Arbitrary<List<Map<String, SavingsLedger.Paid>>> years() {
        Arbitrary<BigDecimal> price = Arbitraries.integers().between(0, 3000).map(c -> BigDecimal.valueOf(c, 2));
        Arbitrary<Map<String, SavingsLedger.Paid>> month = Combinators.combine(
                Arbitraries.of(true, false), price, Arbitraries.of(true, false), price).as((d, dp, n, np) -> {
                    Map<String, SavingsLedger.Paid> paid = new HashMap<>();
                    if (d) {
                        paid.put("disney", new SavingsLedger.Paid("disney", "x", dp));
                    }
                    if (n) {
                        paid.put("netflix", new SavingsLedger.Paid("netflix", "x", np));
                    }
                    return paid;
                });
        return month.list().ofMinSize(1).ofMaxSize(30);
    }
}
