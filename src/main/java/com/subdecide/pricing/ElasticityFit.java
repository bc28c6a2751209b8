package com.subdecide.pricing;

import java.util.List;

/**
 * A constant-elasticity demand curve fitted to exposures: the probability that a price shown converts is
 * {@code q(x) = exp(a + ε · ln(x / x₀))} (log-log: a 1% higher price changes conversion by ε%), with {@code x₀}
 * the exposures' geometric mean price. Fitted by maximum likelihood on the binomial counts per distinct price
 * (Newton–Raphson on the log-binomial likelihood), with the standard error of ε from the observed information.
 */
final class ElasticityFit {

    /** At one distinct price: how often it was shown and how often it converted. */
    record PricePoint(double price, long shown, long converted) {
    }

    /** The fit: ε and its standard error, the intercept at the reference price, and the data it stands on. */
    record Fit(double elasticity, double standardError, double conversionAtReference, double referencePrice,
            long observations, long conversions, int distinctPrices, double minPrice, double maxPrice) {

        double low95() {
            return elasticity - 1.959964 * standardError;
        }

        double high95() {
            return elasticity + 1.959964 * standardError;
        }
    }

    private ElasticityFit() {
    }

    /** The fit, or {@code null} when the points cannot identify a slope (fewer than two prices, no conversions). */
    static Fit fit(List<PricePoint> points) {
        long shown = 0;
        long converted = 0;
        double logSum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (PricePoint p : points) {
            shown += p.shown();
            converted += p.converted();
            logSum += p.shown() * Math.log(p.price());
            min = Math.min(min, p.price());
            max = Math.max(max, p.price());
        }
        if (points.size() < 2 || converted == 0 || shown == 0) {
            return null;
        }
        double reference = Math.exp(logSum / shown);
        double[] z = new double[points.size()];
        for (int i = 0; i < z.length; i++) {
            z[i] = Math.log(points.get(i).price() / reference);
        }
        double a = Math.log((double) converted / shown);
        double e = 0;
        double[][] info = new double[2][2];
        for (int iteration = 0; iteration < 100; iteration++) {
            double g0 = 0;
            double g1 = 0;
            double h00 = 0;
            double h01 = 0;
            double h11 = 0;
            for (int i = 0; i < z.length; i++) {
                PricePoint p = points.get(i);
                double q = Math.min(Math.exp(a + e * z[i]), 1 - 1e-9);
                double failures = p.shown() - p.converted();
                // d/dη of c·η + f·ln(1 − e^η): c − f·q/(1 − q); second derivative −f·q/(1 − q)².
                double score = p.converted() - failures * q / (1 - q);
                double curvature = failures * q / ((1 - q) * (1 - q));
                g0 += score;
                g1 += score * z[i];
                h00 += curvature;
                h01 += curvature * z[i];
                h11 += curvature * z[i] * z[i];
            }
            double det = h00 * h11 - h01 * h01;
            if (det <= 0) {
                return null;
            }
            double da = (h11 * g0 - h01 * g1) / det;
            double de = (h00 * g1 - h01 * g0) / det;
            double step = 1;
            while (a + step * da + Math.abs(e + step * de) * maxAbs(z) > -1e-6 && step > 1e-6) {
                step /= 2;
            }
            a += step * da;
            e += step * de;
            info = new double[][] {{h00, h01}, {h01, h11}};
            if (Math.abs(da) + Math.abs(de) < 1e-10) {
                break;
            }
        }
        double det = info[0][0] * info[1][1] - info[0][1] * info[0][1];
        double variance = info[0][0] / det;
        return new Fit(e, Math.sqrt(variance), Math.exp(a), reference, shown, converted, points.size(), min, max);
    }

    private static double maxAbs(double[] z) {
        double m = 0;
        for (double v : z) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
