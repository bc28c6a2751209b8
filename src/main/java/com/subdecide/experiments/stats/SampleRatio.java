package com.subdecide.experiments.stats;

import org.apache.commons.math3.stat.inference.ChiSquareTest;

/** Sample-ratio mismatch: exposures per arm against the configured weights, Pearson's chi-square. */
public final class SampleRatio {

    /** The p-value below which a mismatch is flagged (and SHIP refused). */
    public static final double FLAG_BELOW = 0.001;

    private SampleRatio() {
    }

    /** The chi-square statistic, its p-value and whether it is flagged; p 1 with fewer than 2 users. */
    public record Check(double chiSquare, double pValue, boolean flagged) {
    }

    public static Check test(long[] observed, double[] weights) {
        long total = 0;
        for (long o : observed) {
            total += o;
        }
        double weightSum = 0;
        for (double w : weights) {
            weightSum += w;
        }
        if (total < 2 || observed.length < 2) {
            return new Check(0, 1, false);
        }
        double[] expected = new double[observed.length];
        for (int i = 0; i < observed.length; i++) {
            expected[i] = total * weights[i] / weightSum;
        }
        ChiSquareTest test = new ChiSquareTest();
        double chi = test.chiSquare(expected, observed);
        double p = test.chiSquareTest(expected, observed);
        return new Check(chi, p, p < FLAG_BELOW);
    }
}
