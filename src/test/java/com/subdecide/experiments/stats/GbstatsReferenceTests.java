package com.subdecide.experiments.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The published numbers of GrowthBook's statistics engine (gbstats, its frequentist test suite), reproduced to 4
 * decimals from the same inputs: per-arm sums, sums of squares and counts.
 */
class GbstatsReferenceTests {

    private static final Offset<Double> FOUR_DECIMALS = within(1e-4);

    private static final Moments A = Moments.ofSums(3407, 1396.87, 52377.9767);
    private static final Moments B = Moments.ofSums(3461, 2422.7, 134698.29);

    @Test
    void welchRelative() {
        Comparison c = Tests.fixedHorizon(A, B, true, 0.05);

        assertThat(c.estimate()).isCloseTo(0.70732, FOUR_DECIMALS);
        assertThat(c.low()).isCloseTo(-0.03526, FOUR_DECIMALS);
        assertThat(c.high()).isCloseTo(1.44989, FOUR_DECIMALS);
        assertThat(c.stddev()).isCloseTo(0.37879, FOUR_DECIMALS);
        assertThat(c.pValue()).isCloseTo(0.06191, FOUR_DECIMALS);
    }

    @Test
    void welchAbsolute() {
        Comparison c = Tests.fixedHorizon(A, B, false, 0.05);

        assertThat(c.estimate()).isCloseTo(0.29, FOUR_DECIMALS);
        assertThat(c.low()).isCloseTo(0.04538, FOUR_DECIMALS);
        assertThat(c.high()).isCloseTo(0.53462, FOUR_DECIMALS);
        assertThat(c.stddev()).isCloseTo(0.12478, FOUR_DECIMALS);
        assertThat(c.pValue()).isCloseTo(0.02016, FOUR_DECIMALS);
    }

    @Test
    void proportionsRelative() {
        Comparison c = Tests.fixedHorizon(Moments.ofProportion(28, 14), Moments.ofProportion(30, 16), true, 0.05);

        assertThat(c.estimate()).isCloseTo((16 / 30.0 - 0.5) / 0.5, FOUR_DECIMALS);
        assertThat(c.low()).isCloseTo(-0.47767, FOUR_DECIMALS);
        assertThat(c.high()).isCloseTo(0.61101, FOUR_DECIMALS);
        assertThat(c.stddev()).isCloseTo(0.2717, FOUR_DECIMALS);
        assertThat(c.pValue()).isCloseTo(0.80707, FOUR_DECIMALS);
    }

    @Test
    void sequentialMeans() {
        Comparison c = Tests.sequential(Moments.ofSums(3000, 1396.87, 52377.9767), B, true, 0.05, 1000);

        assertThat(c.estimate()).isCloseTo(0.50336, FOUR_DECIMALS);
        assertThat(c.low()).isCloseTo(-0.55844, FOUR_DECIMALS);
        assertThat(c.high()).isCloseTo(1.56516, FOUR_DECIMALS);
        assertThat(c.stddev()).isCloseTo(0.33341, FOUR_DECIMALS);
        assertThat(c.pValue()).isEqualTo(1.0);
    }

    @Test
    void sequentialProportionsWithTheDefaultTuning() {
        Comparison c = Tests.sequential(Moments.ofProportion(3000, 1396), Moments.ofProportion(3461, 2422), true, 0.05,
                5000);

        assertThat(c.estimate()).isCloseTo(0.50386, FOUR_DECIMALS);
        assertThat(c.low()).isCloseTo(0.40098, FOUR_DECIMALS);
        assertThat(c.high()).isCloseTo(0.60675, FOUR_DECIMALS);
        assertThat(c.stddev()).isCloseTo(0.03386, FOUR_DECIMALS);
        assertThat(c.pValue()).isCloseTo(0.0, FOUR_DECIMALS);
    }

    @Test
    void theSequentialIntervalIsTightestNearItsTuning() {
        Moments a = Moments.ofSums(3000, 1396.87, 52377.9767);
        Comparison below = Tests.sequential(a, B, true, 0.05, 10);
        Comparison near = Tests.sequential(a, B, true, 0.05, 6461);
        Comparison above = Tests.sequential(a, B, true, 0.05, 10_000);

        assertThat(below.high() - below.low()).isGreaterThan(above.high() - above.low());
        assertThat(above.high() - above.low()).isGreaterThan(near.high() - near.low());
        assertThat(near.high() - near.low()).isGreaterThan(Tests.fixedHorizon(a, B, true, 0.05).high()
                - Tests.fixedHorizon(a, B, true, 0.05).low());
    }

    @Test
    void noNumberWithoutVarianceOrUsers() {
        assertThat(Tests.fixedHorizon(Moments.ofSums(1, 1, 1), B, true, 0.05).valid()).isFalse();
        assertThat(Tests.fixedHorizon(Moments.ofProportion(100, 0), B, true, 0.05).valid()).isFalse();
        assertThat(Tests.sequential(Moments.ofProportion(10, 0), Moments.ofProportion(10, 0), false, 0.05, 5000)
                .valid()).isFalse();
    }
}
