package com.subdecide.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.MersenneTwister;
import org.junit.jupiter.api.Test;

/**
 * The revenue flow model on histories drawn from a known process: 4% monthly churn, new subscriptions growing 1% a
 * month with a ±20% yearly wave, Poisson and binomial noise, $12 a month.
 */
class RevenueFlowTests {

    static final double CHURN = 0.04;
    static final double PRICE = 12;

    static double expectedAcquisitions(int t) {
        return 200 * Math.pow(1.01, t) * (1 + 0.2 * Math.sin(2 * Math.PI * t / 12.0));
    }

    static RevenueFlow.Base draw(int months, long seed) {
        MersenneTwister random = new MersenneTwister(seed);
        double[] active = new double[months];
        double[] acquired = new double[months];
        double[] cancelled = new double[months];
        double[] mrr = new double[months];
        double customers = 3000;
        for (int t = 0; t < months; t++) {
            int lost = new BinomialDistribution(random, (int) customers, CHURN).sample();
            int gained = new PoissonDistribution(random, expectedAcquisitions(t), 1e-12, 10_000_000).sample();
            customers = customers - lost + gained;
            active[t] = customers;
            acquired[t] = gained;
            cancelled[t] = lost;
            mrr[t] = customers * PRICE;
        }
        return new RevenueFlow.Base(active, acquired, cancelled, mrr);
    }

    @Test
    void forecastsTheKnownProcessWithHonestIntervals() {
        int in80 = 0;
        int in95 = 0;
        int n = 0;
        double ape = 0;
        for (long seed = 1; seed <= 20; seed++) {
            RevenueFlow.Base all = draw(48, seed);
            RevenueFlow.Base history = all.first(36);
            RevenueFlow.Result f = RevenueFlow.forecast(history, 12, RevenueFlow.Levers.NONE, seed);
            assertThat(f.churnRate()).isCloseTo(CHURN, within(0.006));
            for (int h = 0; h < 12; h++) {
                double actual = all.mrr()[36 + h];
                ape += Math.abs(actual - f.point()[h]) / actual;
                in80 += actual >= f.low80()[h] && actual <= f.high80()[h] ? 1 : 0;
                in95 += actual >= f.low95()[h] && actual <= f.high95()[h] ? 1 : 0;
                n++;
            }
        }
        System.out.printf("flow model on the known process: MAPE %.4f, coverage 80%% %.3f, 95%% %.3f%n", ape / n,
                (double) in80 / n, (double) in95 / n);
        assertThat(ape / n).as("MAPE over a year ahead").isLessThan(0.03);
        assertThat((double) in80 / n).as("80% interval coverage").isBetween(0.7, 0.95);
        assertThat((double) in95 / n).as("95% interval coverage").isBetween(0.8, 1.0);
    }

    @Test
    void leversMoveTheForecastTheWayTheyShould() {
        RevenueFlow.Base history = draw(36, 3);
        RevenueFlow.Result base = RevenueFlow.forecast(history, 12, RevenueFlow.Levers.NONE, 1);
        RevenueFlow.Result dearer = RevenueFlow.forecast(history, 12, new RevenueFlow.Levers(1.1, 1, 1), 1);
        // Same futures, 10% dearer, nobody reacting: exactly 10% more revenue.
        for (int h = 0; h < 12; h++) {
            assertThat(dearer.point()[h]).isCloseTo(base.point()[h] * 1.1, within(1e-6 * base.point()[h]));
        }
        RevenueFlow.Result loyal = RevenueFlow.forecast(history, 12, new RevenueFlow.Levers(1, 0.5, 1), 1);
        RevenueFlow.Result closed = RevenueFlow.forecast(history, 12, new RevenueFlow.Levers(1, 1, 0), 1);
        assertThat(loyal.point()[11]).isGreaterThan(base.point()[11]);
        assertThat(closed.point()[11]).isLessThan(base.point()[11]);
        // With no one arriving, the base decays by about the churn rate each month.
        assertThat(closed.point()[11] / closed.point()[10]).isCloseTo(1 - base.churnRate(), within(0.01));
    }
}
