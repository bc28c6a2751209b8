package com.subdecide.experiments.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StatisticsTests {

    /** 5,050 against 4,950 on a 50/50 split: chi-square (50²/5000)·2 = 1, P(χ²₁ > 1) = 0.31731. */
    @Test
    void sampleRatioMismatchByChiSquare() {
        SampleRatio.Check even = SampleRatio.test(new long[] {5050, 4950}, new double[] {0.5, 0.5});
        assertThat(even.chiSquare()).isCloseTo(1.0, within(1e-9));
        assertThat(even.pValue()).isCloseTo(0.31731, within(1e-5));
        assertThat(even.flagged()).isFalse();

        // 20% more in one arm of 10,000 is a broken split.
        assertThat(SampleRatio.test(new long[] {5400, 4600}, new double[] {0.5, 0.5}).flagged()).isTrue();
        // Against 40/60 weights the same counts are fine.
        assertThat(SampleRatio.test(new long[] {4000, 6000}, new double[] {0.4, 0.6}).pValue()).isCloseTo(1, within(1e-9));
        assertThat(SampleRatio.test(new long[] {1, 0}, new double[] {0.5, 0.5}).flagged()).isFalse();
    }

    /** Standardised effect 0.2 at α 0.05, power 0.8: 2 (1.95996 + 0.84162)² / 0.04 = 392.4, so 393 per arm. */
    @Test
    void sampleSizeForAnAbsoluteDifference() {
        assertThat(SampleSize.perArmAbsolute(0.05, 0.8, 0.2, 1.0)).isEqualTo(393);
        // Halving the effect quadruples the users.
        assertThat(SampleSize.perArmAbsolute(0.05, 0.8, 0.1, 1.0)).isEqualTo(1570);
        assertThat(SampleSize.perArmAbsolute(0.05, 0.8, 0.0, 1.0)).isEqualTo(-1);
    }

    /**
     * A relative lift of 10% on a 10% conversion: (1.95996 + 0.84162)² (0.11·0.89/0.01 + 0.09·0.0121/0.0001) / 0.01
     * = 7.8489 · (9.79 + 10.89) / 0.01 = 16,231.5, so 16,232 per arm.
     */
    @Test
    void sampleSizeForARelativeLiftAsTheTestsReadIt() {
        assertThat(SampleSize.perArm(0.05, 0.8, 0.1, 0.1, 0.09, true)).isEqualTo(16_232);
        assertThat(SampleSize.perArm(0.05, 0.8, 0.1, 0.0, 1.0, false)).isEqualTo(-1);
        // A continuous metric: the treatment's variance is the control's.
        assertThat(SampleSize.perArm(0.05, 0.8, 0.2, 1.0, 1.0, false)).isEqualTo(479);
    }

    /** Worked by hand: p = .01 .04 .03 .005. */
    @Test
    void holmAndBenjaminiHochberg() {
        double[] p = {0.01, 0.04, 0.03, 0.005};
        // Holm: sorted .005 .01 .03 .04 times 4 3 2 1 = .02 .03 .06 .04, made non-decreasing: .02 .03 .06 .06.
        assertThat(Corrections.holm(p)).containsExactly(new double[] {0.03, 0.06, 0.06, 0.02}, within(1e-12));
        // BH: sorted times 4/1 4/2 4/3 4/4 = .02 .02 .04 .04, made non-increasing from the top: the same.
        assertThat(Corrections.benjaminiHochberg(p)).containsExactly(new double[] {0.02, 0.04, 0.04, 0.02},
                within(1e-12));
        assertThat(Corrections.adjust(new double[] {0.9, 0.8}, Corrections.Method.HOLM))
                .containsExactly(new double[] {1.0, 1.0}, within(1e-12));
        assertThat(Corrections.adjust(p, Corrections.Method.NONE)).containsExactly(p);
    }

    /** The sums-based adjustment against adjusting each user and measuring the result directly. */
    @Test
    void cupedMatchesAdjustingEveryUser() {
        Random random = new Random(3);
        List<double[][]> users = new ArrayList<>();
        List<Cuped.Sums> sums = new ArrayList<>();
        for (int arm = 0; arm < 2; arm++) {
            int n = 500 + arm * 37;
            double[][] xy = new double[n][2];
            double sx = 0;
            double sxx = 0;
            double sy = 0;
            double syy = 0;
            double sxy = 0;
            for (int i = 0; i < n; i++) {
                double x = random.nextGaussian() * 2 + 5;
                double y = 0.8 * x + random.nextGaussian() + arm * 0.3;
                xy[i] = new double[] {x, y};
                sx += x;
                sxx += x * x;
                sy += y;
                syy += y * y;
                sxy += x * y;
            }
            users.add(xy);
            sums.add(new Cuped.Sums(n, sy, syy, sx, sxx, sxy));
        }
        Cuped.Adjusted adjusted = Cuped.adjust(sums);

        // Directly: θ by least squares over everyone, then each user's adjusted value.
        double n = 0;
        double mx = 0;
        double my = 0;
        for (double[][] arm : users) {
            for (double[] u : arm) {
                n++;
                mx += u[0];
                my += u[1];
            }
        }
        mx /= n;
        my /= n;
        double cov = 0;
        double var = 0;
        for (double[][] arm : users) {
            for (double[] u : arm) {
                cov += (u[0] - mx) * (u[1] - my);
                var += (u[0] - mx) * (u[0] - mx);
            }
        }
        double theta = cov / var;
        assertThat(adjusted.theta()).isCloseTo(theta, within(1e-9));
        for (int a = 0; a < 2; a++) {
            double[][] arm = users.get(a);
            double mean = 0;
            for (double[] u : arm) {
                mean += u[1] - theta * (u[0] - mx);
            }
            mean /= arm.length;
            double v = 0;
            for (double[] u : arm) {
                double d = u[1] - theta * (u[0] - mx) - mean;
                v += d * d;
            }
            v /= arm.length - 1;
            assertThat(adjusted.arms().get(a).mean()).isCloseTo(mean, within(1e-9));
            assertThat(adjusted.arms().get(a).variance()).isCloseTo(v, within(1e-9));
        }
        // ρ² here is about 0.8² · 4 / (0.8² · 4 + 1) = 0.72.
        assertThat(adjusted.varianceReduction()).isBetween(0.65, 0.8);
    }
}
