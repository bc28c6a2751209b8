package com.subdecide.customers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * Holt-Winters exponential smoothing with an additive trend and multiplicative seasonality (Winters 1960): level
 * {@code l}, trend {@code b}, seasonal factors {@code s} of period {@code m};
 * {@code l_t = α y_t / s_{t−m} + (1 − α)(l_{t−1} + b_{t−1})}, {@code b_t = β (l_t − l_{t−1}) + (1 − β) b_{t−1}},
 * {@code s_t = γ y_t / l_t + (1 − γ) s_{t−m}}, forecast {@code (l_n + h b_n) s_{n+h−m}}. The smoothing weights
 * minimise the one-step squared errors (Nelder–Mead on logits, Apache Commons Math). Intervals come from simulating
 * the fitted model forward with its own one-step relative errors drawn again (a bootstrap), so that they widen with
 * the horizon as the model's errors compound.
 */
public final class HoltWinters {

    /** A forecast: point values and the 80% and 95% intervals, one per month ahead. */
    public record Forecast(double[] point, double[] low80, double[] high80, double[] low95, double[] high95,
            double alpha, double beta, double gamma) {
    }

    /** A rolling-origin backtest: mean absolute percentage error and the share of actuals inside each interval. */
    public record Backtest(int origins, int horizon, double mape, double coverage80, double coverage95) {
    }

    private final int period;

    public HoltWinters(int period) {
        this.period = period;
    }

    /** Simulated futures of the fitted model: the point forecast and {@code paths[p][h]}, h = 0 the next value. */
    public record Simulation(double[] point, double[][] paths, double alpha, double beta, double gamma) {
    }

    /** Fits on {@code y} (at least two full periods, all positive) and forecasts {@code horizon} values. */
    public Forecast forecast(double[] y, int horizon, long seed) {
        Simulation s = simulate(y, horizon, seed);
        double[] low80 = new double[horizon];
        double[] high80 = new double[horizon];
        double[] low95 = new double[horizon];
        double[] high95 = new double[horizon];
        double[] values = new double[s.paths().length];
        for (int h = 0; h < horizon; h++) {
            for (int p = 0; p < values.length; p++) {
                values[p] = s.paths()[p][h];
            }
            Arrays.sort(values);
            low80[h] = quantile(values, 0.10);
            high80[h] = quantile(values, 0.90);
            low95[h] = quantile(values, 0.025);
            high95[h] = quantile(values, 0.975);
        }
        return new Forecast(s.point(), low80, high80, low95, high95, s.alpha(), s.beta(), s.gamma());
    }

    /** Fits on {@code y} and simulates 2,000 futures of {@code horizon} values driven by its own one-step errors. */
    public Simulation simulate(double[] y, int horizon, long seed) {
        if (y.length < 2 * period) {
            throw new IllegalArgumentException("needs at least " + 2 * period + " values, has " + y.length);
        }
        double[] weights = fit(y);
        State state = run(y, weights);
        double[] point = new double[horizon];
        for (int h = 1; h <= horizon; h++) {
            point[h - 1] = (state.level + h * state.trend) * state.season[(y.length + h - 1) % period];
        }
        // The bootstrap: paths of the fitted model driven by its own relative one-step errors.
        List<Double> errors = state.relativeErrors;
        Random random = new Random(seed);
        int paths = 2000;
        double[][] simulated = new double[paths][horizon];
        for (int p = 0; p < paths; p++) {
            double level = state.level;
            double trend = state.trend;
            double[] season = state.season.clone();
            for (int h = 1; h <= horizon; h++) {
                int i = (y.length + h - 1) % period;
                double expected = (level + trend) * season[i];
                double value = expected * (1 + errors.get(random.nextInt(errors.size())));
                double previous = level;
                level = weights[0] * value / season[i] + (1 - weights[0]) * (level + trend);
                trend = weights[1] * (level - previous) + (1 - weights[1]) * trend;
                season[i] = weights[2] * value / level + (1 - weights[2]) * season[i];
                simulated[p][h - 1] = value;
            }
        }
        return new Simulation(point, simulated, weights[0], weights[1], weights[2]);
    }

    /**
     * Rolling origin: for each of the last {@code origins} cut points, fit on everything before it and forecast
     * {@code horizon} ahead; every forecast value against what happened.
     */
    public Backtest backtest(double[] y, int horizon, int origins, long seed) {
        double ape = 0;
        int n = 0;
        int in80 = 0;
        int in95 = 0;
        int used = 0;
        for (int o = origins; o >= 1; o--) {
            int cut = y.length - horizon - o + 1;
            if (cut < 2 * period) {
                continue;
            }
            used++;
            Forecast f = forecast(Arrays.copyOf(y, cut), horizon, seed + o);
            for (int h = 0; h < horizon; h++) {
                double actual = y[cut + h];
                ape += Math.abs(actual - f.point()[h]) / Math.abs(actual);
                in80 += actual >= f.low80()[h] && actual <= f.high80()[h] ? 1 : 0;
                in95 += actual >= f.low95()[h] && actual <= f.high95()[h] ? 1 : 0;
                n++;
            }
        }
        return new Backtest(used, horizon, n == 0 ? Double.NaN : ape / n, n == 0 ? Double.NaN : (double) in80 / n,
                n == 0 ? Double.NaN : (double) in95 / n);
    }

    private double[] fit(double[] y) {
        MultivariateFunction sse = p -> run(y, new double[] {logistic(p[0]), logistic(p[1]), logistic(p[2])}).sse;
        SimplexOptimizer optimizer = new SimplexOptimizer(1e-10, 1e-12);
        PointValuePair best = null;
        for (double[] start : new double[][] {{0, -2, -1}, {-1, -3, -1}, {1, -2, 0}, {-2, -4, 1}}) {
            PointValuePair found = optimizer.optimize(new MaxEval(10_000), new ObjectiveFunction(sse), GoalType.MINIMIZE,
                    new InitialGuess(start), new NelderMeadSimplex(3));
            if (best == null || found.getValue() < best.getValue()) {
                best = found;
            }
        }
        double[] p = best.getPoint();
        return new double[] {logistic(p[0]), logistic(p[1]), logistic(p[2])};
    }

    private static final class State {
        double level;
        double trend;
        double[] season;
        double sse;
        List<Double> relativeErrors = new ArrayList<>();
    }

    /** One pass over the series: the final state, the squared and the relative one-step errors. */
    private State run(double[] y, double[] w) {
        State s = new State();
        double first = mean(y, 0, period);
        s.level = first;
        s.trend = (mean(y, period, 2 * period) - first) / period;
        s.season = new double[period];
        for (int i = 0; i < period; i++) {
            s.season[i] = y[i] / first;
        }
        for (int t = 0; t < y.length; t++) {
            int i = t % period;
            if (t > 0) {
                double expected = (s.level + s.trend) * s.season[i];
                double e = y[t] - expected;
                s.sse += e * e;
                if (t >= period) {
                    s.relativeErrors.add(e / expected);
                }
            }
            double previous = s.level;
            s.level = w[0] * y[t] / s.season[i] + (1 - w[0]) * (s.level + s.trend);
            s.trend = w[1] * (s.level - previous) + (1 - w[1]) * s.trend;
            s.season[i] = w[2] * y[t] / s.level + (1 - w[2]) * s.season[i];
        }
        return s;
    }

    private static double mean(double[] y, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += y[i];
        }
        return sum / (to - from);
    }

    private static double logistic(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(sorted.length - 1, lower + 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }
}
