package com.subdecide.tools;

import com.subdecide.experiments.Assignment;
import com.subdecide.experiments.stats.Comparison;
import com.subdecide.experiments.stats.Cuped;
import com.subdecide.experiments.stats.Moments;
import com.subdecide.experiments.stats.SampleSize;
import com.subdecide.experiments.stats.Tests;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code java -jar subscription-decisions.jar benchmark-experiments [experiments=10000] [looks=30] [seed=1]}: the
 * engine's statistics against a generator's known truth, and assignment speed in process.
 * <ul>
 * <li>A/A: experiments with no difference (a 10% conversion), results read at every look: the share ever
 * significant, fixed horizon against the sequential interval (which promises at most alpha).</li>
 * <li>Known effect: a 10% relative lift at the planned sample size: the share found significant (the power the
 * size is planned for) and the share of intervals covering the true lift (1 - alpha).</li>
 * <li>CUPED: a metric whose pre-period correlates 0.5 with it: the variance removed (0.5² = 25% expected).</li>
 * <li>Assignment: users assigned per second on one thread.</li>
 * </ul>
 */
public final class ExperimentBenchmark {

    private static final double ALPHA = 0.05;
    private static final double BASE = 0.10;

    private ExperimentBenchmark() {
    }

    public static void main(String[] args) {
        int experiments = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int looks = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        SplittableRandom random = new SplittableRandom(seed);

        // A/A with `looks` reads of growing data, 200 users per arm per look.
        int perLook = 200;
        int fixedEver = 0;
        int sequentialEver = 0;
        int fixedAtEnd = 0;
        long start = System.nanoTime();
        for (int e = 0; e < experiments; e++) {
            long na = 0;
            long xa = 0;
            long nb = 0;
            long xb = 0;
            boolean fixedHit = false;
            boolean sequentialHit = false;
            Comparison last = null;
            for (int look = 0; look < looks; look++) {
                na += perLook;
                nb += perLook;
                xa += binomial(random, perLook, BASE);
                xb += binomial(random, perLook, BASE);
                Moments a = Moments.ofProportion(na, xa);
                Moments b = Moments.ofProportion(nb, xb);
                last = Tests.fixedHorizon(a, b, true, ALPHA);
                fixedHit |= last.significant();
                sequentialHit |= Tests.sequential(a, b, true, ALPHA, 5000).significant();
            }
            fixedEver += fixedHit ? 1 : 0;
            sequentialEver += sequentialHit ? 1 : 0;
            fixedAtEnd += last != null && last.significant() ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "A/A: %d experiments, %d reads each (%d users per arm at the end), alpha %.2f:%n"
                + "  ever significant: fixed horizon %.2f%%, sequential %.2f%%; fixed horizon read once at the end %.2f%%"
                + " (%.1f s)%n", experiments, looks, looks * perLook, ALPHA, 100.0 * fixedEver / experiments,
                100.0 * sequentialEver / experiments, 100.0 * fixedAtEnd / experiments, (System.nanoTime() - start) / 1e9);

        // A known 10% relative lift at the planned sample size.
        double lift = 0.10;
        long n = SampleSize.perArm(ALPHA, 0.8, lift, BASE, BASE * (1 - BASE), true);
        int runs = Math.max(200, experiments);
        int found = 0;
        int covered = 0;
        int sequentialFound = 0;
        for (int r = 0; r < runs; r++) {
            Moments a = Moments.ofProportion(n, binomial(random, n, BASE));
            Moments b = Moments.ofProportion(n, binomial(random, n, BASE * (1 + lift)));
            Comparison c = Tests.fixedHorizon(a, b, true, ALPHA);
            found += c.significant() && c.estimate() > 0 ? 1 : 0;
            covered += c.low() <= lift && lift <= c.high() ? 1 : 0;
            sequentialFound += Tests.sequential(a, b, true, ALPHA, 2 * n).significant() ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "Known effect: +%.0f%% relative on a %.0f%% conversion, %d users per arm (planned"
                + " for power 0.80): found in %.1f%% of %d runs, interval covers the true lift in %.1f%%; the sequential"
                + " interval finds it in %.1f%%%n", 100 * lift, 100 * BASE, n, 100.0 * found / runs, runs,
                100.0 * covered / runs, 100.0 * sequentialFound / runs);

        // CUPED on a metric correlated 0.5 with its pre-period.
        double rho = 0.5;
        double reductions = 0;
        int cupedRuns = 200;
        for (int r = 0; r < cupedRuns; r++) {
            List<Cuped.Sums> arms = new ArrayList<>();
            for (int arm = 0; arm < 2; arm++) {
                double sy = 0, syy = 0, sx = 0, sxx = 0, sxy = 0;
                int users = 5000;
                for (int i = 0; i < users; i++) {
                    double x = gaussian(random);
                    double y = rho * x + Math.sqrt(1 - rho * rho) * gaussian(random) + 10;
                    sy += y;
                    syy += y * y;
                    sx += x;
                    sxx += x * x;
                    sxy += x * y;
                }
                arms.add(new Cuped.Sums(users, sy, syy, sx, sxx, sxy));
            }
            reductions += Cuped.adjust(arms).varianceReduction();
        }
        System.out.printf(Locale.ROOT, "CUPED: pre-period correlation %.1f, %d runs of 2 x 5,000 users: variance "
                + "reduction %.1f%% (expected %.1f%%)%n", rho, cupedRuns, 100 * reductions / cupedRuns, 100 * rho * rho);

        // Assignment speed.
        Assignment.Design design = Assignment.Design.of("benchmark", "benchmark-seed", 0.9, 0.34, 0.33, 0.33);
        int warm = 2_000_000;
        int count = 10_000_000;
        long sink = 0;
        for (int i = 0; i < warm; i++) {
            sink += Assignment.assign(design, Map.of("id", "user-" + i)).variation();
        }
        start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            sink += Assignment.assign(design, Map.of("id", "user-" + i)).variation();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "Assignment: %d users in %.2f s on one thread: %.2f million per second (%d)%n",
                count, seconds, count / seconds / 1e6, sink % 2);
    }

    private static long binomial(SplittableRandom random, long n, double p) {
        if (n > 1000) {
            // Normal approximation for large n, rounded and clamped.
            double mean = n * p;
            double sd = Math.sqrt(n * p * (1 - p));
            return Math.max(0, Math.min(n, Math.round(mean + sd * gaussian(random))));
        }
        long x = 0;
        for (long i = 0; i < n; i++) {
            if (random.nextDouble() < p) {
                x++;
            }
        }
        return x;
    }

    private static double gaussian(SplittableRandom random) {
        // Box–Muller.
        double u = random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
