package com.subdecide.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import com.subdecide.rotation.domain.AccessTier;
import com.subdecide.rotation.domain.Carriage;
import com.subdecide.rotation.domain.WatchTitle;
import com.subdecide.rules.RuleFolders;
import com.subdecide.rules.RuleRun;
import com.subdecide.rules.RuleSet;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The valuation DRL rules and the four valuation tables, one test per rule or row group. */
class ValuationRulesTests {

    private static final LocalDate AS_OF = LocalDate.of(2026, 11, 23);
    private static RuleSet rules;

    @BeforeAll
    static void load() {
        rules = RuleFolders.loadShipped();
    }

    private static WatchTitle title(String priority, String status, String kind, LocalDate leaving) {
        return new WatchTitle("t", "T", kind, priority, status, 0.8, AS_OF, leaving);
    }

    private static <T> T fire(T fact) {
        try (RuleRun run = rules.newRun()) {
            run.insert(fact);
            run.fireAll();
        }
        return fact;
    }

    @Test
    void purgeZeroesCompletedAndHibernatingTitles() {
        assertThat(fire(title("MUST_WATCH", "COMPLETED", "SERIES", null)).getValue()).isZero();
        assertThat(fire(title("MUST_WATCH", "HIBERNATING", "SERIES", null)).getValue()).isZero();
        assertThat(fire(title("MUST_WATCH", "WANT", "SERIES", null)).getValue()).isPositive();
    }

    @Test
    void urgencyOverrideIsForMustWatchTitlesLeavingWithinThreeDays() {
        assertThat(fire(title("MUST_WATCH", "WANT", "MOVIE", AS_OF.plusDays(3))).isUrgentOverride()).isTrue();
        assertThat(fire(title("MUST_WATCH", "WANT", "MOVIE", AS_OF.plusDays(4))).isUrgentOverride()).isFalse();
        assertThat(fire(title("NICE_TO_WATCH", "WANT", "MOVIE", AS_OF.plusDays(1))).isUrgentOverride()).isFalse();
        assertThat(fire(title("MUST_WATCH", "COMPLETED", "MOVIE", AS_OF.plusDays(1))).isUrgentOverride()).isFalse();
    }

    @Test
    void aTitlePremieringAfterTheCycleIsNotWatchableThere() {
        assertThat(fire(new Carriage("t", "p", AS_OF, null, AS_OF.plusMonths(1).plusDays(1))).isWatchable()).isFalse();
        assertThat(fire(new Carriage("t", "p", AS_OF, null, AS_OF.plusMonths(1))).isWatchable()).isTrue();
    }

    @Test
    void aTitleThatAlreadyLeftIsNotWatchableThere() {
        assertThat(fire(new Carriage("t", "p", AS_OF, AS_OF.minusDays(1), null)).isWatchable()).isFalse();
        assertThat(fire(new Carriage("t", "p", AS_OF, AS_OF, null)).isWatchable()).isTrue();
    }

    @Test
    void emphasisRows() {
        assertThat(fire(title("MUST_WATCH", "WANT", "MOVIE", null)).getEmphasis()).isEqualTo(3.0);
        assertThat(fire(title("NICE_TO_WATCH", "WANT", "MOVIE", null)).getEmphasis()).isEqualTo(1.0);
    }

    @Test
    void urgencyRowsUseTheOneMonthWindowInclusive() {
        assertThat(fire(title("NICE_TO_WATCH", "WANT", "MOVIE", AS_OF.plusMonths(1))).getUrgency()).isEqualTo(5.0);
        assertThat(fire(title("NICE_TO_WATCH", "WANT", "MOVIE", AS_OF.plusMonths(1).plusDays(1))).getUrgency())
                .isEqualTo(1.0);
        assertThat(fire(title("NICE_TO_WATCH", "WANT", "MOVIE", null)).getUrgency()).isEqualTo(1.0);
    }

    @Test
    void progressRows() {
        assertThat(fire(title("NICE_TO_WATCH", "IN_PROGRESS", "SERIES", null)).getProgress()).isEqualTo(1.5);
        assertThat(fire(title("NICE_TO_WATCH", "IN_PROGRESS", "MOVIE", null)).getProgress()).isEqualTo(1.0);
        assertThat(fire(title("NICE_TO_WATCH", "WANT", "SERIES", null)).getProgress()).isEqualTo(1.0);
    }

    @Test
    void titleValueIsRecScoreTimesTheMultipliers() {
        // 0.8 x 3.0 (must watch) x 5.0 (leaving this cycle) x 1.5 (in-progress series)
        assertThat(fire(title("MUST_WATCH", "IN_PROGRESS", "SERIES", AS_OF.plusDays(10))).getValue())
                .isCloseTo(18.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void tierQualityRows() {
        assertThat(fire(new AccessTier("p", "a", "PREMIUM", BigDecimal.TEN)).getQuality()).isEqualTo(1.0);
        assertThat(fire(new AccessTier("p", "a", "STANDARD", BigDecimal.TEN)).getQuality()).isEqualTo(0.95);
        assertThat(fire(new AccessTier("p", "a", "AD_SUPPORTED", BigDecimal.TEN)).getQuality()).isEqualTo(0.85);
    }
}
