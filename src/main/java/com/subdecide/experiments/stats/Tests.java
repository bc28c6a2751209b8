package com.subdecide.experiments.stats;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Two-sided tests of a treatment ({@code b}) against the control ({@code a}).
 *
 * <p>Fixed horizon: Welch's t with Welch–Satterthwaite degrees of freedom; a relative lift's variance by the delta
 * method, {@code var_b / (mean_a² n_b) + var_a mean_b² / (mean_a⁴ n_a)}. Proportions go through the same test with
 * the binomial variance p(1 - p) (the unpooled two-proportion test). Valid once, at the planned sample size.
 *
 * <p>Sequential: the asymptotic confidence sequence of Waudby-Smith, Arnold, Wu, Howard, Ramdas (2023),
 * "Time-uniform central limit theory and asymptotic confidence sequences" (arXiv:2103.06476), with the same point
 * estimate and variance: half-width {@code σ √(2(Nρ²+1)/(N²ρ²) · ln(√(Nρ²+1)/α))} where {@code σ² = N·var},
 * N both arms' users and ρ tuned to be tightest near {@code tuning} users. Valid however often it is read; its
 * p-value is the smallest α whose sequence excludes zero.
 */
public final class Tests {

    private static final NormalDistribution NORMAL = new NormalDistribution();

    private Tests() {
    }

    public static Comparison fixedHorizon(Moments a, Moments b, boolean relative, double alpha) {
        Estimate e = estimate(a, b, relative);
        if (e == null) {
            return Comparison.invalid(relative);
        }
        double va = a.variance() / a.n();
        double vb = b.variance() / b.n();
        double df = (va + vb) * (va + vb) / (va * va / (a.n() - 1) + vb * vb / (b.n() - 1));
        TDistribution t = new TDistribution(null, df);
        double sd = Math.sqrt(e.variance());
        double critical = t.inverseCumulativeProbability(1 - alpha / 2);
        double p = 2 * (1 - t.cumulativeProbability(Math.abs(e.point() / sd)));
        return new Comparison(relative, e.point(), sd, e.point() - critical * sd, e.point() + critical * sd, p, df, true);
    }

    public static Comparison sequential(Moments a, Moments b, boolean relative, double alpha, double tuning) {
        Estimate e = estimate(a, b, relative);
        if (e == null || tuning <= 0) {
            return Comparison.invalid(relative);
        }
        double n = a.n() + b.n();
        double rho2 = rhoSquared(alpha, tuning);
        double s2 = e.variance() * n;
        double halfWidth = Math.sqrt(s2) * Math.sqrt(2 * (n * rho2 + 1) / (n * n * rho2)
                * Math.log(Math.sqrt(n * rho2 + 1) / alpha));
        double p = Math.min(1, Math.sqrt(n * rho2 + 1)
                * Math.exp(-e.point() * e.point() * n * n * rho2 / (2 * s2 * (n * rho2 + 1))));
        return new Comparison(relative, e.point(), Math.sqrt(e.variance()), e.point() - halfWidth,
                e.point() + halfWidth, p, Double.NaN, true);
    }

    /** ρ² making the sequence tightest near {@code tuning} users (eq. 161 of Waudby-Smith et al.). */
    static double rhoSquared(double alpha, double tuning) {
        double l = -2 * Math.log(alpha);
        return (l + Math.log(l + 1)) / tuning;
    }

    /** The z quantile, for sample sizes. */
    static double z(double probability) {
        return NORMAL.inverseCumulativeProbability(probability);
    }

    private record Estimate(double point, double variance) {
    }

    private static Estimate estimate(Moments a, Moments b, boolean relative) {
        if (a.n() < 2 || b.n() < 2 || a.variance() + b.variance() <= 0) {
            return null;
        }
        if (!relative) {
            return new Estimate(b.mean() - a.mean(), a.variance() / a.n() + b.variance() / b.n());
        }
        if (a.mean() == 0) {
            return null;
        }
        double ma2 = a.mean() * a.mean();
        double variance = b.variance() / (ma2 * b.n()) + a.variance() * b.mean() * b.mean() / (ma2 * ma2 * a.n());
        return new Estimate(b.mean() / a.mean() - 1, variance);
    }
}
