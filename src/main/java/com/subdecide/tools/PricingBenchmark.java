package com.subdecide.tools;

import com.subdecide.pricing.solver.PortfolioProblem;
import com.subdecide.pricing.solver.PortfolioSolution;
import com.subdecide.pricing.solver.PortfolioSolver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.optaplanner.core.api.solver.SolverFactory;
import org.optaplanner.core.config.solver.SolverConfig;

/**
 * Recommendation time and gap on generated portfolios: {@code benchmark-pricing [plans] [segments] [runs]
 * [time-limit-seconds] [seed]}. Each segment's plans form product lines of ten tiers (each tier 12% above the one
 * below, to stay at least 5% apart), 25 candidate prices per cell within ±15% of
 * the current price (revenue over 12 months from a constant-elasticity demand and a churn that rises with price),
 * a customer cap of 40% of the subscribers and a revenue target 1% above keeping every price. Prints per run the
 * time, the objective, the relaxation's bound and the gap, with and without the relaxation's start.
 */
public final class PricingBenchmark {

    private PricingBenchmark() {
    }

    public static void main(String[] args) {
        int plans = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int segments = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        long seed = args.length > 4 ? Long.parseLong(args[4]) : 1;
        SolverFactory<PortfolioSolution> factory = SolverFactory.create(SolverConfig.createFromXmlFile(
                Path.of("solver-config", "pricing-solver.xml").toFile()));
        System.out.printf(Locale.ROOT, "%d plans x %d segments, %d cells, time limit %d s%n", plans, segments,
                plans * segments, seconds);
        for (int run = 0; run < runs; run++) {
            PortfolioProblem problem = generate(plans, segments, seed + run);
            for (boolean warm : new boolean[] {true, false}) {
                long started = System.nanoTime();
                PortfolioSolver.Solved solved = PortfolioSolver.solve(problem, factory, seconds * 1000L, warm);
                long millis = (System.nanoTime() - started) / 1_000_000;
                System.out.printf(Locale.ROOT, "run %d %-22s %6d ms  feasible %-5s objective %.2f  bound %.2f  gap %.4f%%  "
                        + "(relaxation %d ms, %d iterations; search %d ms)%n", run, warm ? "from relaxation" : "from current prices",
                        millis, solved.feasible(), solved.objective() / 100.0, solved.bound() / 100.0, 100 * solved.gap(),
                        solved.relaxationMillis(), solved.relaxationIterations(), solved.searchMillis());
            }
        }
    }

    static PortfolioProblem generate(int plans, int segments, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<PortfolioProblem.Cell> cells = new ArrayList<>();
        List<PortfolioProblem.Pair> pairs = new ArrayList<>();
        long subscribers = 0;
        long keepRevenue = 0;
        for (int s = 0; s < segments; s++) {
            double elasticity = -0.5 - 2 * r.nextDouble();
            double churn = 0.02 + 0.08 * r.nextDouble();
            double base = 5 + 3 * r.nextDouble();
            for (int p = 0; p < plans; p++) {
                int index = cells.size();
                double current = Math.floor(base * Math.pow(1.12, p % 10) + p / 10) + 0.99;
                long active = 20 + r.nextInt(400);
                double arrivals = active * (0.02 + 0.06 * r.nextDouble());
                List<PortfolioProblem.Option> options = new ArrayList<>();
                int keep = -1;
                for (int j = 0; j < 25; j++) {
                    double price = Math.round((current * (0.85 + 0.3 * j / 24.0)) * 100) / 100.0;
                    if (j == 12) {
                        price = current;
                        keep = j;
                    }
                    double ratio = price / current;
                    double revenue = 0;
                    double old = active;
                    double fresh = 0;
                    double c = Math.min(0.9, churn * Math.max(0, 1 + 1.2 * (ratio - 1)));
                    for (int m = 1; m <= 12; m++) {
                        fresh = fresh * (1 - churn) + arrivals * Math.pow(ratio, elasticity);
                        revenue += (old + fresh) * price;
                        old *= 1 - (m >= 2 ? c : churn);
                    }
                    long cents = Math.round(revenue * 100);
                    options.add(new PortfolioProblem.Option(price, cents, cents, j == keep ? 0 : active));
                }
                cells.add(new PortfolioProblem.Cell(index, "plan-" + p, "segment-" + s, options, keep));
                subscribers += active;
                keepRevenue += options.get(keep).revenue();
                if (p % 10 > 0) {
                    pairs.add(new PortfolioProblem.Pair(index - 1, index, 0.05));
                }
            }
        }
        return new PortfolioProblem(cells, pairs, (long) (subscribers * 0.4), (long) (keepRevenue * 1.01));
    }
}
