package com.subdecide.tools;

import com.subdecide.benefits.BenefitAllocator;
import com.subdecide.benefits.PopulationAllocations;
import com.subdecide.benefits.PopulationMembers;
import com.subdecide.benefits.population.PopulationOutcome;
import com.subdecide.benefits.population.PopulationProblem;
import com.subdecide.benefits.population.PopulationSolution;
import com.subdecide.benefits.population.PopulationSolver;
import com.subdecide.rules.RuleSet;
import com.subdecide.rules.RuleSetLoader;
import com.subdecide.rules.RulesProperties;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.optaplanner.core.api.solver.SolverFactory;

/**
 * {@code java -jar subscription-decisions.jar benchmark-population [users] [seconds] [seed] [dense|dense-empty|empty]}: a population of
 * {@link SyntheticPopulation} shoppers (their true propensities as scores), 60% SILVER and 40% GOLD, allocated on
 * the shipped rule set under four capacities set to bind (half to two thirds of what the members would take
 * without them). Reports the time to run the rules for every member, the bound, the start, the final allocation
 * and the gap. {@code dense} ignores the tiers' score thresholds, so every member has all eight pool benefits as
 * options (the hardest shape; the shipped thresholds leave about two per member). {@code empty} (e.g.
 * {@code dense-empty}) starts the local search from empty slots instead of the relaxation's allocation.
 */
public final class PopulationBenchmark {

    private PopulationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 7;
        boolean dense = args.length > 3 && args[3].contains("dense");
        boolean fromEmpty = args.length > 3 && args[3].contains("empty");
        RuleSet ruleSet = RuleSetLoader.load(RulesProperties.of("rules", "decision-tables", "solver-config"));
        BenefitAllocator allocator = new BenefitAllocator();
        long start = System.nanoTime();
        List<PopulationMembers.Prepared> prepared = new ArrayList<>(users);
        SyntheticPopulation.generate(users, seed, Instant.now(), user -> {
            String tier = Math.floorMod(user.userId().hashCode(), 10) < 6 ? "SILVER" : "GOLD";
            BenefitAllocator.Offers offers = allocator.offers(user.userId(), tier, ruleSet, user.behaviour());
            prepared.add(PopulationMembers.prepare(user.userId(), tier, offers,
                    b -> Math.round(user.propensity().getOrDefault(b, 0.0) * 10_000) / 10_000.0, !dense));
        });
        long rulesMillis = (System.nanoTime() - start) / 1_000_000;

        // Capacities that bind: a share of what the members would take without them.
        Map<String, long[]> wanted = unconstrained(prepared);
        List<PopulationProblem.Capacity> capacities = List.of(
                new PopulationProblem.Capacity("exclusive_drop_nov", wanted.get("exclusive_drop_nov")[0] / 2, null),
                new PopulationProblem.Capacity("fast_shipping", wanted.get("fast_shipping")[0] * 2 / 3, null),
                new PopulationProblem.Capacity("discount_10", null, BigDecimal.valueOf(wanted.get("discount_10")[1] * 3 / 5, 2)),
                new PopulationProblem.Capacity("extended_warranty", null, BigDecimal.valueOf(wanted.get("extended_warranty")[1] / 2, 2)));
        PopulationProblem problem = new PopulationProblem(capacities);
        int options = 0;
        for (PopulationMembers.Prepared p : prepared) {
            p.addTo(problem);
            options += p.options().size();
        }
        prepared.clear();
        System.out.printf(Locale.ROOT, "%d members (%d pool benefits, %d options, %d slots), rules and scores in %.1f s; rule set %s%n",
                users, problem.benefits().size(), options, problem.slotCount(), rulesMillis / 1000.0, ruleSet.version());
        capacities.forEach(c -> System.out.printf(Locale.ROOT, "  capacity %s max_users %s max_total_value %s%n",
                c.benefitId(), c.maxUsers(), c.maxValue()));

        SolverFactory<PopulationSolution> factory = ruleSet.<PopulationSolution>solverFactory(PopulationAllocations.SOLVER_CONFIG)
                .orElseThrow();
        long[] lastReport = {0};
        // As in a job, the time limit covers it all: the search gets what the rules and scores left.
        long budget = Math.max(1_000, seconds * 1000L - (System.nanoTime() - start) / 1_000_000);
        PopulationSolver.Solved solved = PopulationSolver.solve(problem, factory, budget, p -> {
            if (p.objective() != null && p.elapsedMillis() - lastReport[0] >= 5000) {
                lastReport[0] = p.elapsedMillis();
                System.out.printf(Locale.ROOT, "  %6.1f s  %s objective %.2f, gap %.4f%%%n", p.elapsedMillis() / 1000.0,
                        p.phase(), p.objective(), 100 * (p.bound() - p.objective()) / p.bound());
            }
        }, !fromEmpty);
        System.out.printf(Locale.ROOT, "bound %.2f (%d subgradient iterations, %d ms)%n", solved.bound(),
                solved.relaxationIterations(), solved.relaxationMillis());
        System.out.printf(Locale.ROOT, "start %.2f, gap %.4f%%%n", solved.startObjective(),
                100 * (solved.bound() - solved.startObjective()) / solved.bound());
        System.out.printf(Locale.ROOT, "final %.2f, gap %.4f%%, score %s, local search %.1f s%s%n", solved.objective(),
                100 * solved.gap(), solved.score(), solved.searchMillis() / 1000.0,
                fromEmpty ? " (from empty slots, not from the relaxation's allocation)" : "");
        PopulationOutcome outcome = PopulationOutcome.of(problem, solved, rule -> rule);
        outcome.capacities().forEach(c -> System.out.printf(Locale.ROOT,
                "  %s used %d members / %s value, full %s, %d members lost it, price %.4f%n", c.benefitId(), c.usedUsers(),
                c.usedValue(), c.full(), c.membersLost(), c.price()));
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "heap used %d MiB of %d MiB max; total %.1f s%n",
                (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20, (System.nanoTime() - start) / 1e9);
    }

    /** Per benefit, how many members would take it without capacities and the value in cents. */
    private static Map<String, long[]> unconstrained(List<PopulationMembers.Prepared> prepared) {
        Map<String, long[]> wanted = new LinkedHashMap<>();
        for (PopulationMembers.Prepared p : prepared) {
            List<PopulationProblem.Option> sorted = new ArrayList<>(p.options());
            sorted.sort((a, b) -> Double.compare(b.score() * b.value(), a.score() * a.value()));
            for (PopulationProblem.Option o : sorted.subList(0, Math.min(p.freeSlots(), sorted.size()))) {
                long[] w = wanted.computeIfAbsent(o.benefitId(), k -> new long[2]);
                w[0]++;
                w[1] += Math.round(o.value() * 100);
            }
        }
        return wanted;
    }
}
