package com.subdecide.tools;

import com.subdecide.customers.HoltWinters;
import com.subdecide.customers.ShiftedBetaGeometric;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.random.JDKRandomGenerator;

/**
 * {@code java -jar subscription-decisions.jar benchmark-customer-models [cohorts=20]}: the customer models against
 * known answers. Shifted-beta-geometric: cohorts generated with known α and β (each customer's churn probability
 * drawn from Beta(α, β), then 12 renewal periods), fitted back; the mean relative error of the parameters by cohort
 * size. Holt-Winters: the airline series' last year held out, and a rolling-origin backtest over its last 24 cut
 * points: MAPE and the share of actuals inside the 80% and 95% intervals.
 */
public final class CustomerModelBenchmark {

    private CustomerModelBenchmark() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        double[][] truths = {{1.2, 3.5}, {0.704, 1.182}, {0.668, 3.806}, {2.0, 8.0}};
        for (double[] truth : truths) {
            for (int cohort : new int[] {1_000, 10_000, 100_000}) {
                double alphaError = 0;
                double betaError = 0;
                for (int r = 0; r < runs; r++) {
                    Random random = new Random(r);
                    BetaDistribution churn = new BetaDistribution(new JDKRandomGenerator(r + 100), truth[0], truth[1]);
                    double[] lost = new double[12];
                    double survivors = 0;
                    for (int c = 0; c < cohort; c++) {
                        double theta = churn.sample();
                        int t = 1;
                        while (t <= 12 && random.nextDouble() >= theta) {
                            t++;
                        }
                        if (t <= 12) {
                            lost[t - 1]++;
                        } else {
                            survivors++;
                        }
                    }
                    ShiftedBetaGeometric fitted = ShiftedBetaGeometric.fit(lost, survivors);
                    alphaError += Math.abs(fitted.alpha() - truth[0]) / truth[0];
                    betaError += Math.abs(fitted.beta() - truth[1]) / truth[1];
                }
                System.out.printf(Locale.ROOT, "sBG alpha %.3f beta %.3f, %d cohorts of %,d over 12 periods: mean relative "
                        + "error alpha %.1f%%, beta %.1f%%%n", truth[0], truth[1], runs, cohort, 100 * alphaError / runs,
                        100 * betaError / runs);
            }
        }
        double[] y = PublicSeries.AIRLINE;
        HoltWinters model = new HoltWinters(12);
        HoltWinters.Forecast f = model.forecast(Arrays.copyOf(y, y.length - 12), 12, 1);
        double ape = 0;
        int in80 = 0;
        int in95 = 0;
        for (int h = 0; h < 12; h++) {
            double actual = y[y.length - 12 + h];
            ape += Math.abs(actual - f.point()[h]) / actual;
            in80 += actual >= f.low80()[h] && actual <= f.high80()[h] ? 1 : 0;
            in95 += actual >= f.low95()[h] && actual <= f.high95()[h] ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "Holt-Winters, airline series, 1960 held out: MAPE %.2f%%, inside 80%%: %d/12, "
                + "inside 95%%: %d/12 (alpha %.3f, beta %.4f, gamma %.3f)%n", 100 * ape / 12, in80, in95, f.alpha(),
                f.beta(), f.gamma());
        HoltWinters.Backtest b = model.backtest(y, 12, 24, 7);
        System.out.printf(Locale.ROOT, "Holt-Winters, airline series, rolling origin, %d cut points x 12 months: MAPE "
                + "%.2f%%, inside 80%%: %.1f%%, inside 95%%: %.1f%%%n", b.origins(), 100 * b.mape(), 100 * b.coverage80(),
                100 * b.coverage95());
    }
}
