package com.subdecide.experiments.stats;

/**
 * A treatment against the control on one metric: the lift (relative, (b - a) / a, or absolute, b - a), its
 * standard error, an interval at the chosen level and a p-value. {@code valid} is false when the data cannot
 * support a number (an arm with fewer than two users, no variance, a control mean of zero for a relative lift);
 * the numbers are then NaN.
 */
public record Comparison(boolean relative, double estimate, double stddev, double low, double high, double pValue,
        double degreesOfFreedom, boolean valid) {

    static Comparison invalid(boolean relative) {
        return new Comparison(relative, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, false);
    }

    /** Whether the interval excludes no difference. */
    public boolean significant() {
        return valid && (low > 0 || high < 0);
    }
}
