package com.subdecide.customers;

import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;
import org.apache.commons.math3.special.Beta;

/**
 * The shifted-beta-geometric model of contractual retention (Fader and Hardie 2007, "How to project customer
 * retention"): each customer renews each period with a constant probability of churning θ, and θ varies across
 * customers as Beta(α, β). Then {@code P(T = t) = B(α + 1, β + t − 1) / B(α, β)} and the survival
 * {@code S(t) = B(α, β + t) / B(α, β)}; retention rises with tenure as the likeliest churners leave first.
 */
public record ShiftedBetaGeometric(double alpha, double beta) {

    /** Bounds of ln α and ln β in the search: e^±12 is beyond any cohort's distinguishable heterogeneity. */
    private static final double MAX_LOG = 12;

    /**
     * The maximum-likelihood fit to one cohort: {@code lost[t-1]} customers churned in period t (t = 1..T) and
     * {@code survivors} were still active after period T (censored).
     */
    public static ShiftedBetaGeometric fit(double[] lost, double survivors) {
        double[] alive = new double[lost.length + 1];
        alive[lost.length] = survivors;
        return fit(lost, alive);
    }

    /**
     * The maximum-likelihood fit to customers observed for different lengths, as several cohorts pooled:
     * {@code lost[t-1]} churned in period t, and {@code alive[n]} are still active after n periods (censored there).
     */
    public static ShiftedBetaGeometric fit(double[] lost, double[] alive) {
        MultivariateFunction logLikelihood = p -> {
            if (Math.abs(p[0]) > MAX_LOG || Math.abs(p[1]) > MAX_LOG) {
                // Lifetimes that look homogeneous drive α and β to infinity together; the search stays in bounds.
                return -Double.MAX_VALUE;
            }
            double a = Math.exp(p[0]);
            double b = Math.exp(p[1]);
            double base = Beta.logBeta(a, b);
            double ll = 0;
            for (int t = 1; t <= lost.length; t++) {
                if (lost[t - 1] > 0) {
                    ll += lost[t - 1] * (Beta.logBeta(a + 1, b + t - 1) - base);
                }
            }
            for (int n = 1; n < alive.length; n++) {
                if (alive[n] > 0) {
                    ll += alive[n] * (Beta.logBeta(a, b + n) - base);
                }
            }
            return ll;
        };
        SimplexOptimizer optimizer = new SimplexOptimizer(1e-12, 1e-12);
        PointValuePair best = null;
        for (double[] start : new double[][] {{0, 0}, {-1, 1}, {1, 2}}) {
            PointValuePair found;
            try {
                found = optimizer.optimize(new MaxEval(20_000), new ObjectiveFunction(logLikelihood),
                        GoalType.MAXIMIZE, new InitialGuess(start), new NelderMeadSimplex(2));
            } catch (org.apache.commons.math3.exception.TooManyEvaluationsException e) {
                continue;
            }
            if (best == null || found.getValue() > best.getValue()) {
                best = found;
            }
        }
        if (best == null) {
            throw new IllegalStateException("the shifted-beta-geometric fit did not converge from any start");
        }
        return new ShiftedBetaGeometric(Math.exp(best.getPoint()[0]), Math.exp(best.getPoint()[1]));
    }

    /** The share of a cohort still active after t periods. */
    public double survival(int t) {
        return Math.exp(Beta.logBeta(alpha, beta + t) - Beta.logBeta(alpha, beta));
    }

    /** The share of those active after t − 1 periods who renew for period t: {@code (β + t − 1) / (α + β + t − 1)}. */
    public double retention(int t) {
        return (beta + t - 1) / (alpha + beta + t - 1);
    }

    /**
     * Discounted expected residual lifetime of a customer who has renewed {@code n} times, counting the coming
     * payment (Fader and Hardie 2010, "Customer-base valuation in a contractual setting"):
     * {@code (β + n)/(α + β + n) · ₂F₁(1, β + n + 1; α + β + n + 1; 1/(1 + d))} with d the discount rate per
     * period. Multiplied by the margin per period it is the customer's expected residual value.
     */
    public double discountedResidualLifetime(int n, double discount) {
        double z = 1 / (1 + discount);
        return (beta + n) / (alpha + beta + n) * hypergeometric(1, beta + n + 1, alpha + beta + n + 1, z);
    }

    /** Discounted expected lifetime of a new customer, first payment included: {@code ₂F₁(1, β; α + β; 1/(1 + d))}. */
    public double discountedLifetime(double discount) {
        return hypergeometric(1, beta, alpha + beta, 1 / (1 + discount));
    }

    /** Gauss's ₂F₁(a, b; c; z) by its series, for 0 ≤ z < 1. */
    static double hypergeometric(double a, double b, double c, double z) {
        double term = 1;
        double sum = 1;
        for (int k = 0; k < 100_000; k++) {
            term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
            sum += term;
            if (Math.abs(term) < 1e-15 * Math.abs(sum)) {
                return sum;
            }
        }
        return sum;
    }
}
