package com.subdecide.experiments.stats;

/** Users per arm for a two-sided test at {@code alpha} to find an effect with {@code power}. */
public final class SampleSize {

    private SampleSize() {
    }

    /** An absolute difference {@code delta} of means with variance {@code variance} in both arms: 2 (z + z)² σ² / δ². */
    public static long perArmAbsolute(double alpha, double power, double delta, double variance) {
        if (delta == 0 || variance <= 0) {
            return -1;
        }
        double z = Tests.z(1 - alpha / 2) + Tests.z(power);
        return (long) Math.ceil(2 * z * z * variance / (delta * delta));
    }

    /**
     * A relative lift {@code mde} over a control with the given mean and variance, read by the delta method as the
     * tests read it: {@code (z + z)² (σ_b²/μ_a² + σ_a² μ_b²/μ_a⁴) / mde²} with {@code μ_b = μ_a (1 + mde)}; the
     * treatment's variance is the control's, or {@code μ_b (1 - μ_b)} for a proportion.
     */
    public static long perArm(double alpha, double power, double mde, double mean, double variance, boolean proportion) {
        if (mde == 0 || mean == 0 || variance <= 0) {
            return -1;
        }
        double mb = mean * (1 + mde);
        double vb = proportion ? Math.max(0, mb * (1 - mb)) : variance;
        double z = Tests.z(1 - alpha / 2) + Tests.z(power);
        double relativeVariance = vb / (mean * mean) + variance * mb * mb / (mean * mean * mean * mean);
        return (long) Math.ceil(z * z * relativeVariance / (mde * mde));
    }
}
