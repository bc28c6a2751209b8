package com.subdecide.customers;

import java.util.Arrays;
import java.util.Random;

/**
 * Monthly recurring revenue as a flow: next month's subscribers are this month's, less those who cancel, plus
 * those who subscribe; revenue is subscribers × average price. New subscriptions follow Holt-Winters (additive
 * trend, multiplicative 12-month season) fitted to their monthly counts; the monthly churn rate is the pooled rate
 * of the last twelve months; the average price is the latest month's. The forecast is the median of 2,000 simulated
 * futures and the intervals their quantiles: acquisitions from the Holt-Winters bootstrap, the churn rate drawn from its posterior given the
 * observed cancellations (Beta, Jeffreys prior), and each month's cancellations binomial around it.
 */
final class RevenueFlow {

    static final int SEASON = 12;
    static final int RATE_MONTHS = 12;

    /** The history, one value per month: subscribers at its end, new subscriptions and cancellations in it, MRR. */
    record Base(double[] active, double[] acquired, double[] cancelled, double[] mrr) {

        int months() {
            return mrr.length;
        }

        Base first(int n) {
            return new Base(Arrays.copyOf(active, n), Arrays.copyOf(acquired, n), Arrays.copyOf(cancelled, n),
                    Arrays.copyOf(mrr, n));
        }

        /** Cancellations over the subscribers exposed to them, in the last twelve months (fewer if it is shorter). */
        double[] churnEvidence() {
            double cancelledSum = 0;
            double exposed = 0;
            for (int t = Math.max(1, months() - RATE_MONTHS); t < months(); t++) {
                cancelledSum += cancelled[t];
                exposed += active[t - 1];
            }
            return new double[] {cancelledSum, exposed};
        }

        double churnRate() {
            double[] e = churnEvidence();
            return e[1] == 0 ? 0 : e[0] / e[1];
        }

        double averagePrice() {
            double a = active[months() - 1];
            return a == 0 ? 0 : mrr[months() - 1] / a;
        }
    }

    /** What a scenario changes, as factors of the base: 1 leaves each as it is. */
    record Levers(double price, double churn, double acquisition) {
        static final Levers NONE = new Levers(1, 1, 1);
    }

    record Result(double[] point, double[] low80, double[] high80, double[] low95, double[] high95, double churnRate,
            double[] acquisitions, double averagePrice, HoltWinters.Simulation acquisitionModel) {
    }

    private RevenueFlow() {
    }

    static Result forecast(Base base, int horizon, Levers levers, long seed) {
        double[] shifted = Arrays.stream(base.acquired()).map(n -> n + 1).toArray();
        HoltWinters.Simulation acquisitions = new HoltWinters(SEASON).simulate(shifted, horizon, seed);
        double[] evidence = base.churnEvidence();
        double churn = Math.min(1, base.churnRate() * levers.churn());
        double price = base.averagePrice() * levers.price();
        double start = base.active()[base.months() - 1];
        double[] point = new double[horizon];
        double[] expectedAcquisitions = new double[horizon];
        for (int h = 0; h < horizon; h++) {
            expectedAcquisitions[h] = Math.max(0, acquisitions.point()[h] - 1) * levers.acquisition();
        }
        org.apache.commons.math3.random.RandomGenerator random = new org.apache.commons.math3.random.MersenneTwister(seed);
        org.apache.commons.math3.distribution.BetaDistribution posterior = evidence[1] == 0 ? null
                : new org.apache.commons.math3.distribution.BetaDistribution(random, evidence[0] + 0.5,
                        evidence[1] - evidence[0] + 0.5);
        Random normal = new Random(seed);
        int paths = acquisitions.paths().length;
        double[][] values = new double[horizon][paths];
        for (int p = 0; p < paths; p++) {
            double rate = Math.min(1, (posterior == null ? 0 : posterior.sample()) * levers.churn());
            double a = start;
            for (int h = 0; h < horizon; h++) {
                double lost = a * rate + Math.sqrt(Math.max(0, a * rate * (1 - rate))) * normal.nextGaussian();
                double gained = Math.max(0, acquisitions.paths()[p][h] - 1) * levers.acquisition();
                a = Math.max(0, a - Math.min(a, Math.max(0, lost)) + gained);
                values[h][p] = a * price;
            }
        }
        double[] low80 = new double[horizon];
        double[] high80 = new double[horizon];
        double[] low95 = new double[horizon];
        double[] high95 = new double[horizon];
        for (int h = 0; h < horizon; h++) {
            Arrays.sort(values[h]);
            low80[h] = quantile(values[h], 0.10);
            high80[h] = quantile(values[h], 0.90);
            low95[h] = quantile(values[h], 0.025);
            high95[h] = quantile(values[h], 0.975);
            point[h] = quantile(values[h], 0.5);
        }
        return new Result(point, low80, high80, low95, high95, churn, expectedAcquisitions, price, acquisitions);
    }

    /** Rolling origin: the last {@code origins} cut points, each forecasting {@code horizon} months of MRR. */
    static HoltWinters.Backtest backtest(Base base, int horizon, int origins, long seed) {
        double ape = 0;
        int n = 0;
        int in80 = 0;
        int in95 = 0;
        int used = 0;
        for (int o = origins; o >= 1; o--) {
            int cut = base.months() - horizon - o + 1;
            if (cut < 2 * SEASON + 1) {
                continue;
            }
            used++;
            Result f = forecast(base.first(cut), horizon, Levers.NONE, seed + o);
            for (int h = 0; h < horizon; h++) {
                double actual = base.mrr()[cut + h];
                ape += Math.abs(actual - f.point()[h]) / Math.abs(actual);
                in80 += actual >= f.low80()[h] && actual <= f.high80()[h] ? 1 : 0;
                in95 += actual >= f.low95()[h] && actual <= f.high95()[h] ? 1 : 0;
                n++;
            }
        }
        return new HoltWinters.Backtest(used, horizon, n == 0 ? Double.NaN : ape / n,
                n == 0 ? Double.NaN : (double) in80 / n, n == 0 ? Double.NaN : (double) in95 / n);
    }

    private static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
