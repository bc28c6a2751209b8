package com.subdecide.experiments.stats;

/**
 * Users per arm for a two-sided test to find a relative lift {@code mde} of a metric with the given mean and
 * variance at {@code alpha} with {@code power}: {@code 2 (z_{1-α/2} + z_power)² σ² / (mde · mean)²}, rounded up.
 */
public final class SampleSize {

    private SampleSize() {
    }

    public static long perArm(double alpha, double power, double mde, double mean, double variance) {
        double delta = mde * mean;
        if (delta == 0 || variance <= 0) {
            return -1;
        }
        double z = Tests.z(1 - alpha / 2) + Tests.z(power);
        return (long) Math.ceil(2 * z * z * variance / (delta * delta));
    }
}
