package com.subdecide.tools;

import com.subdecide.rotation.RotationPlanner;
import com.subdecide.rotation.RotationRequest;
import com.subdecide.rotation.YearSimulation;
import com.subdecide.rules.RuleSet;
import com.subdecide.rules.RuleSetLoader;
import com.subdecide.rules.RulesProperties;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code java -jar subscription-decisions.jar benchmark-year [users] [threads] [platforms] [titles]}: the
 * 12-month simulation for a population of generated users (seeded), in process on the shipped rule set. Each
 * user's content calendar spreads the generated leaving and premiere dates over the year.
 */
public final class YearBenchmark {

    private YearBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        int platforms = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        int titles = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        RuleSet ruleSet = RuleSetLoader.load(RulesProperties.of("rules", "decision-tables", "solver-config"));
        YearSimulation simulation = new YearSimulation(new RotationPlanner());
        SampleMonths.Shape shape = new SampleMonths.Shape(platforms, Math.max(1, platforms / 5), titles, 20);

        run(simulation, ruleSet, shape, Math.min(200, users), threads, 1_000_000);
        long start = System.nanoTime();
        long[] perUser = run(simulation, ruleSet, shape, users, threads, 0);
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(perUser);
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "%d users x 12 months (%d platforms, %d titles), %d threads: %.1f s, "
                + "%.0f users/s, %.0f monthly decisions/s; per user ms p50 %.1f p99 %.1f max %.1f; heap used %d MiB%n",
                users, platforms, titles, threads, seconds, users / seconds, users * 12 / seconds,
                perUser[users / 2] / 1e6, perUser[(int) (users * 0.99)] / 1e6, perUser[users - 1] / 1e6,
                (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024));
    }

    private static long[] run(YearSimulation simulation, RuleSet ruleSet, SampleMonths.Shape shape, int users,
            int threads, long seedOffset) throws Exception {
        long[] perUser = new long[users];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        BigDecimal[] saved = {BigDecimal.ZERO};
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < users) {
                    RotationRequest month = yearCalendar(SampleMonths.create(shape, seedOffset + i));
                    long start = System.nanoTime();
                    YearSimulation.Result year = simulation.simulate(new YearSimulation.Input(month, null, 12, 4), ruleSet);
                    perUser[i] = System.nanoTime() - start;
                    synchronized (saved) {
                        saved[0] = saved[0].add(year.totalSaved());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        return perUser;
    }

    /** The generated month's leaving and premiere dates (within about two months) spread over a year. */
    static RotationRequest yearCalendar(RotationRequest month) {
        LocalDate asOf = month.asOf();
        List<RotationRequest.LifecycleEntry> spread = month.contentLifecycle().stream()
                .map(e -> new RotationRequest.LifecycleEntry(e.titleId(), e.platformId(), stretch(asOf, e.leavingDate()),
                        stretch(asOf, e.premiereDate())))
                .toList();
        return new RotationRequest(month.userId(), asOf, month.budgetCap(), month.currency(), month.watchlist(),
                month.activeSubscriptions(), month.platforms(), month.bundles(), month.catalog(), spread);
    }

    private static LocalDate stretch(LocalDate asOf, LocalDate date) {
        return date == null ? null : asOf.plusDays(ChronoUnit.DAYS.between(asOf, date) * 6);
    }
}
