package com.subdecide.experiments.stats;

/** One arm's metric: users, mean and (sample) variance. */
public record Moments(long n, double mean, double variance) {

    /** From the sum and sum of squares of the users' values; variance with n - 1 in the denominator. */
    public static Moments ofSums(long n, double sum, double sumOfSquares) {
        if (n == 0) {
            return new Moments(0, 0, 0);
        }
        double mean = sum / n;
        double variance = n < 2 ? 0 : Math.max(0, (sumOfSquares - sum * sum / n) / (n - 1));
        return new Moments(n, mean, variance);
    }

    /** A proportion: {@code successes} of {@code n} users; variance p(1 - p). */
    public static Moments ofProportion(long n, long successes) {
        if (n == 0) {
            return new Moments(0, 0, 0);
        }
        double p = (double) successes / n;
        return new Moments(n, p, p * (1 - p));
    }
}
