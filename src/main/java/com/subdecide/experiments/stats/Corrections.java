package com.subdecide.experiments.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Adjusted p-values across the comparisons of one result (treatments × metrics). */
public final class Corrections {

    private Corrections() {
    }

    public enum Method {
        NONE, HOLM, BENJAMINI_HOCHBERG
    }

    public static double[] adjust(double[] p, Method method) {
        return switch (method) {
            case NONE -> p.clone();
            case HOLM -> holm(p);
            case BENJAMINI_HOCHBERG -> benjaminiHochberg(p);
        };
    }

    /** Holm (1979): the i-th smallest times (m - i + 1), made non-decreasing, at most 1. Controls the family-wise error. */
    public static double[] holm(double[] p) {
        int m = p.length;
        Integer[] order = order(p);
        double[] out = new double[m];
        double running = 0;
        for (int i = 0; i < m; i++) {
            running = Math.max(running, Math.min(1, (m - i) * p[order[i]]));
            out[order[i]] = running;
        }
        return out;
    }

    /** Benjamini–Hochberg (1995): the i-th smallest times m / i, made non-increasing from the top. Controls the FDR. */
    public static double[] benjaminiHochberg(double[] p) {
        int m = p.length;
        Integer[] order = order(p);
        double[] out = new double[m];
        double running = 1;
        for (int i = m - 1; i >= 0; i--) {
            running = Math.min(running, Math.min(1, p[order[i]] * m / (i + 1)));
            out[order[i]] = running;
        }
        return out;
    }

    private static Integer[] order(double[] p) {
        Integer[] order = IntStream.range(0, p.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
        return order;
    }
}
