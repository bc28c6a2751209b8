package com.subdecide.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ShiftedBetaGeometricTests {

    /**
     * Fader and Hardie (2007), Table 1: the percentage of each cohort of 1,000 customers still active at the start of
     * years 1 to 13; the paper fits the first 7 years.
     */
    static final double[] REGULAR = {100.0, 63.1, 46.8, 38.2, 32.6, 28.9, 26.2, 24.1, 22.3, 20.7, 19.4, 18.3, 17.3};
    static final double[] HIGH_END = {100.0, 86.9, 74.3, 65.3, 59.3, 55.1, 51.7, 49.1, 46.8, 44.5, 42.7, 40.9, 39.4};

    static ShiftedBetaGeometric fitFirst(double[] percent, int years) {
        double[] lost = new double[years];
        for (int t = 1; t <= years; t++) {
            lost[t - 1] = 10 * (percent[t - 1] - percent[t]);
        }
        return ShiftedBetaGeometric.fit(lost, 10 * percent[years]);
    }

    @Test
    void reproducesThePublishedParametersOfBothCohorts() {
        ShiftedBetaGeometric regular = fitFirst(REGULAR, 7);
        ShiftedBetaGeometric highEnd = fitFirst(HIGH_END, 7);

        assertThat(regular.alpha()).isCloseTo(0.704, within(0.0005));
        assertThat(regular.beta()).isCloseTo(1.182, within(0.0005));
        assertThat(highEnd.alpha()).isCloseTo(0.668, within(0.0005));
        assertThat(highEnd.beta()).isCloseTo(3.806, within(0.0005));
        // The paper's point: fitted on 7 years, the model projects years 8-12 closely (within 2 points here; high end, year 12: 37.8% projected, 39.4% observed).
        for (int year = 8; year <= 12; year++) {
            assertThat(100 * regular.survival(year)).isCloseTo(REGULAR[year], within(2.0));
            assertThat(100 * highEnd.survival(year)).isCloseTo(HIGH_END[year], within(2.0));
        }
    }

    @Test
    void recoversTheParametersOfAGeneratedCohort() {
        Random random = new Random(5);
        double alpha = 1.2;
        double beta = 3.5;
        org.apache.commons.math3.distribution.BetaDistribution churn = new org.apache.commons.math3.distribution
                .BetaDistribution(new org.apache.commons.math3.random.JDKRandomGenerator(5), alpha, beta);
        int periods = 12;
        double[] lost = new double[periods];
        double survivors = 0;
        for (int c = 0; c < 50_000; c++) {
            double theta = churn.sample();
            int t = 1;
            while (t <= periods && random.nextDouble() >= theta) {
                t++;
            }
            if (t <= periods) {
                lost[t - 1]++;
            } else {
                survivors++;
            }
        }
        ShiftedBetaGeometric fitted = ShiftedBetaGeometric.fit(lost, survivors);
        assertThat(fitted.alpha()).isCloseTo(alpha, within(0.1));
        assertThat(fitted.beta()).isCloseTo(beta, within(0.35));
    }

    /**
     * Customers who joined in different months are watched for different lengths: the pooled fit, each still-active
     * customer censored at their own tenure, recovers the population they were drawn from.
     */
    @Test
    void recoversThePopulationFromCohortsWatchedForDifferentLengths() {
        Random random = new Random(9);
        double alpha = 0.8;
        double beta = 4.5;
        org.apache.commons.math3.distribution.BetaDistribution churn = new org.apache.commons.math3.distribution
                .BetaDistribution(new org.apache.commons.math3.random.JDKRandomGenerator(9), alpha, beta);
        int longest = 36;
        double[] lost = new double[longest];
        double[] alive = new double[longest + 1];
        for (int c = 0; c < 40_000; c++) {
            double theta = churn.sample();
            int watched = random.nextInt(longest + 1);
            int t = 1;
            while (t <= watched && random.nextDouble() >= theta) {
                t++;
            }
            if (t <= watched) {
                lost[t - 1]++;
            } else {
                alive[watched]++;
            }
        }
        ShiftedBetaGeometric fitted = ShiftedBetaGeometric.fit(lost, alive);
        assertThat(fitted.alpha()).isCloseTo(alpha, within(0.06));
        assertThat(fitted.beta()).isCloseTo(beta, within(0.45));
        // Treating the censored as survivors of the longest horizon would be the classic mistake: it overstates them.
        double survivors = java.util.Arrays.stream(alive).sum();
        assertThat(ShiftedBetaGeometric.fit(lost, survivors).survival(12))
                .isGreaterThan(new ShiftedBetaGeometric(alpha, beta).survival(12) + 0.05);
    }

    /**
     * Customers who all churn at the same rate have no heterogeneity to find: the likelihood keeps rising as α and
     * β grow together. The fit still ends, at its bound, with the right mean churn.
     */
    @Test
    void aHomogeneousCohortEndsAtTheBoundWithItsChurnRate() {
        Random random = new Random(4);
        double[] lost = new double[24];
        double[] alive = new double[25];
        for (int c = 0; c < 20_000; c++) {
            int watched = 1 + random.nextInt(24);
            int t = 1;
            while (t <= watched && random.nextDouble() >= 0.2) {
                t++;
            }
            if (t <= watched) {
                lost[t - 1]++;
            } else {
                alive[watched]++;
            }
        }
        ShiftedBetaGeometric fitted = ShiftedBetaGeometric.fit(lost, alive);
        assertThat(fitted.alpha() / (fitted.alpha() + fitted.beta())).isCloseTo(0.2, within(0.01));
        assertThat(fitted.alpha() + fitted.beta()).isGreaterThan(50);
    }

    /** The closed forms against summing the discounted survival directly. */
    @Test
    void lifetimesMatchDirectSummation() {
        ShiftedBetaGeometric m = new ShiftedBetaGeometric(0.668, 3.806);
        double d = 0.10;
        double del = 0;
        for (int t = 0; t < 20_000; t++) {
            del += m.survival(t) / Math.pow(1 + d, t);
        }
        assertThat(m.discountedLifetime(d)).isCloseTo(del, within(1e-6));
        for (int n : new int[] {0, 1, 4, 10}) {
            double derl = 0;
            for (int t = n + 1; t < 20_000; t++) {
                derl += m.survival(t) / m.survival(n) / Math.pow(1 + d, t - n - 1);
            }
            assertThat(m.discountedResidualLifetime(n, d)).as("n = %d", n).isCloseTo(derl, within(1e-6));
        }
        // Retention rises with tenure, and a long-tenured customer is worth more than a new one.
        assertThat(m.retention(5)).isGreaterThan(m.retention(1));
        assertThat(m.discountedResidualLifetime(10, d)).isGreaterThan(m.discountedResidualLifetime(0, d));
        assertThat(m.retention(1)).isCloseTo(m.survival(1), within(1e-12));
    }
}
