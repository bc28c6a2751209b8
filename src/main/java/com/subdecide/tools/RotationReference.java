package com.subdecide.tools;

import com.google.ortools.Loader;
import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPSolverParameters;
import com.google.ortools.linearsolver.MPVariable;
import com.subdecide.rotation.solver.AccessOption;
import com.subdecide.rotation.solver.CurrentTier;
import com.subdecide.rotation.solver.PlatformSlot;
import com.subdecide.rotation.solver.RotationSolution;
import com.subdecide.rotation.solver.TitleOnPlatform;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An exact reference for the monthly allocation, independent of the service's search: the contract's model as a
 * mixed-integer program solved by SCIP (through OR-Tools), one lexicographic level at a time.
 *
 * <p>Variables: a binary per platform tier and per bundle; for a title on several platforms, a variable per
 * access option that could cover it ("the title counts through this option"). Constraints: at most one option
 * per platform (a bundle takes all of its platforms), the monthly cost within the budget, each title counted through at most one
 * chosen option. Levels, as the contract orders them: urgent must-watch value, covered value (value × quality),
 * lower cost, fewer changes to current subscriptions. After each level the plan found is scored exactly (integer
 * ten-thousandths, not the solver's floating-point objective) and fixed as a constraint for the next.
 *
 * <p>It reads only the planning problem's facts (options, prices, qualities, titles and their values, the
 * budget, the current tiers), never the search's own model.
 */
public final class RotationReference {

    /** A plan's lexicographic score, as the contract orders the levels. */
    public record Score(long urgent, long value, long cost, long changes) {

        public int compareTo(Score other) {
            if (urgent != other.urgent) {
                return Long.compare(urgent, other.urgent);
            }
            if (value != other.value) {
                return Long.compare(value, other.value);
            }
            if (cost != other.cost) {
                return Long.compare(other.cost, cost);
            }
            return Long.compare(other.changes, changes);
        }
    }

    /** The reference's optimum, whether SCIP proved every level optimal, and its own wall time. */
    public record Optimum(Score score, boolean proven, long micros) {
    }

    static {
        Loader.loadNativeLibraries();
    }

    private RotationReference() {
    }

    /**
     * Scores a solved plan from the facts alone, or returns null when it breaks the budget or gives a platform
     * two options (a bundle chosen on one of its platforms and not on another).
     */
    public static Score evaluate(RotationSolution plan) {
        Map<String, AccessOption> chosen = new HashMap<>();
        plan.getSlots().forEach(slot -> chosen.put(slot.getPlatformId(), slot.getOption()));
        Set<AccessOption> paid = new LinkedHashSet<>();
        for (PlatformSlot slot : plan.getSlots()) {
            AccessOption option = slot.getOption();
            if (option != null && option.isPaid()) {
                paid.add(option);
                for (String member : option.getQualityByPlatform().keySet()) {
                    if (chosen.get(member) != option) {
                        return null;
                    }
                }
            }
        }
        long cost = paid.stream().mapToLong(AccessOption::getCostCents).sum();
        if (cost > plan.getBudget().cents()) {
            return null;
        }
        Map<String, Long> best = new HashMap<>();
        Map<String, Boolean> urgent = new HashMap<>();
        for (TitleOnPlatform carried : plan.getTitlesOnPlatforms()) {
            AccessOption option = chosen.get(carried.platformId());
            if (option != null && option.isPaid()) {
                long c = carried.title().contribution(option.qualityAt(carried.platformId()));
                best.merge(carried.title().titleId(), c, Math::max);
                urgent.put(carried.title().titleId(), carried.title().urgent());
            }
        }
        long value = best.values().stream().mapToLong(Long::longValue).sum();
        long urgentValue = best.entrySet().stream().filter(e -> urgent.get(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
        long changes = 0;
        for (CurrentTier current : plan.getCurrentTiers()) {
            AccessOption option = chosen.get(current.platformId());
            if (option == null || !option.isTier(current.tierId())) {
                changes++;
            }
        }
        return new Score(urgentValue, value, cost, changes);
    }

    /** The optimum of the problem's facts (the slots' current options are ignored). */
    public static Optimum solve(RotationSolution problem) {
        long start = System.nanoTime();
        MPSolver solver = MPSolver.createSolver("SCIP");
        if (solver == null) {
            throw new IllegalStateException("SCIP is not available in this OR-Tools build");
        }
        try {
            solver.setNumThreads(1);
            Model model = new Model(problem, solver);
            MPSolverParameters exact = new MPSolverParameters();
            exact.setDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, 0.0);
            boolean proven = true;
            Score found = null;
            for (int level = 0; level < 4; level++) {
                MPObjective objective = solver.objective();
                objective.clear();
                model.level(level, objective);
                MPSolver.ResultStatus status = solver.solve(exact);
                if (status != MPSolver.ResultStatus.OPTIMAL && status != MPSolver.ResultStatus.FEASIBLE) {
                    throw new IllegalStateException("SCIP answered " + status + " at level " + level);
                }
                proven &= status == MPSolver.ResultStatus.OPTIMAL;
                found = model.score();
                model.hint(solver);
                model.fix(level, found);
            }
            return new Optimum(found, proven, (System.nanoTime() - start) / 1000);
        } finally {
            solver.delete();
        }
    }

    /** The MIP: variables, structural constraints, and each level's objective and fixing constraint. */
    private static final class Model {

        private final RotationSolution problem;
        private final MPSolver solver;
        private final Map<AccessOption, MPVariable> chosen = new LinkedHashMap<>();
        /** A variable's weight in the urgent level and in the covered-value level. */
        private record Term(MPVariable variable, long urgent, long value) {
        }

        private final List<Term> terms = new ArrayList<>();
        private final List<Map.Entry<String, MPVariable>> current = new ArrayList<>();

        Model(RotationSolution problem, MPSolver solver) {
            this.problem = problem;
            this.solver = solver;
            Map<String, List<AccessOption>> byPlatform = new LinkedHashMap<>();
            for (PlatformSlot slot : problem.getSlots()) {
                List<AccessOption> own = new ArrayList<>();
                for (AccessOption option : slot.getOptions()) {
                    if (option.isPaid()) {
                        own.add(option);
                        chosen.computeIfAbsent(option, o -> solver.makeBoolVar(o.getId()));
                    }
                }
                byPlatform.put(slot.getPlatformId(), own);
            }
            // One option per platform; a bundle chosen covers each of its platforms.
            byPlatform.forEach((platform, own) -> {
                MPConstraint one = solver.makeConstraint(0, 1, "one:" + platform);
                own.forEach(option -> one.setCoefficient(chosen.get(option), 1));
            });
            MPConstraint budget = solver.makeConstraint(0, problem.getBudget().cents(), "budget");
            chosen.forEach((option, x) -> budget.setCoefficient(x, option.getCostCents()));
            // A title counts once, through one chosen option that covers it, at that option's quality. A title on
            // one platform needs no more: that platform's options exclude each other, so its value is linear in
            // them. A title on several platforms gets a variable per option ("counted through it"), at most one
            // of them, each only if its option is chosen.
            Map<String, Map<AccessOption, Long>> coverBy = new LinkedHashMap<>();
            Map<String, Set<String>> platformsOf = new HashMap<>();
            Map<String, Boolean> urgent = new HashMap<>();
            for (TitleOnPlatform carried : problem.getTitlesOnPlatforms()) {
                List<AccessOption> own = byPlatform.get(carried.platformId());
                if (own == null) {
                    continue;
                }
                String title = carried.title().titleId();
                urgent.put(title, carried.title().urgent());
                platformsOf.computeIfAbsent(title, t -> new LinkedHashSet<>()).add(carried.platformId());
                Map<AccessOption, Long> options = coverBy.computeIfAbsent(title, t -> new LinkedHashMap<>());
                for (AccessOption option : own) {
                    options.merge(option, carried.title().contribution(option.qualityAt(carried.platformId())),
                            Math::max);
                }
            }
            Map<MPVariable, long[]> direct = new LinkedHashMap<>();
            coverBy.forEach((title, options) -> {
                boolean isUrgent = urgent.get(title);
                if (platformsOf.get(title).size() == 1) {
                    options.forEach((option, c) -> {
                        long[] both = direct.computeIfAbsent(chosen.get(option), x -> new long[2]);
                        both[0] += isUrgent ? c : 0;
                        both[1] += c;
                    });
                    return;
                }
                MPConstraint once = solver.makeConstraint(0, 1, "once:" + title);
                options.forEach((option, c) -> {
                    if (c <= 0) {
                        return;
                    }
                    MPVariable w = solver.makeNumVar(0, 1, "w:" + title + ":" + option.getId());
                    once.setCoefficient(w, 1);
                    MPConstraint through = solver.makeConstraint(Double.NEGATIVE_INFINITY, 0, "");
                    through.setCoefficient(w, 1);
                    through.setCoefficient(chosen.get(option), -1);
                    terms.add(new Term(w, isUrgent ? c : 0, c));
                });
            });
            direct.forEach((x, both) -> terms.add(new Term(x, both[0], both[1])));
            for (CurrentTier tier : problem.getCurrentTiers()) {
                chosen.forEach((option, x) -> {
                    if (option.isTier(tier.tierId()) && tier.platformId().equals(option.getPlatformId())) {
                        current.add(Map.entry(tier.platformId(), x));
                    }
                });
            }
        }

        /** Level 0 urgent value, 1 covered value (maximised), 2 cost, 3 changes (minimised). */
        void level(int level, MPObjective objective) {
            switch (level) {
                case 0, 1 -> {
                    terms.forEach(t -> objective.setCoefficient(t.variable(), level == 0 ? t.urgent() : t.value()));
                    objective.setMaximization();
                }
                case 2 -> {
                    chosen.forEach((option, x) -> objective.setCoefficient(x, option.getCostCents()));
                    objective.setMinimization();
                }
                default -> {
                    // Changes = current subscriptions − those kept on their tier: maximise the kept.
                    current.forEach(kept -> objective.setCoefficient(kept.getValue(), 1));
                    objective.setMaximization();
                }
            }
        }

        /** Holds the level at what the plan found reached, in exact integers (0.5 apart from the next integer). */
        void fix(int level, Score found) {
            switch (level) {
                case 0, 1 -> {
                    long at = level == 0 ? found.urgent() : found.value();
                    MPConstraint hold = solver.makeConstraint(at - 0.5, Double.POSITIVE_INFINITY, "level" + level);
                    terms.forEach(t -> hold.setCoefficient(t.variable(), level == 0 ? t.urgent() : t.value()));
                }
                case 2 -> {
                    MPConstraint hold = solver.makeConstraint(0, found.cost() + 0.5, "level2");
                    chosen.forEach((option, x) -> hold.setCoefficient(x, option.getCostCents()));
                }
                default -> {
                }
            }
        }

        /** The next level starts from this plan. */
        void hint(MPSolver solver) {
            List<MPVariable> vars = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (MPVariable v : solver.variables()) {
                vars.add(v);
                values.add((double) Math.round(v.solutionValue()));
            }
            solver.setHint(vars.toArray(MPVariable[]::new), values.stream().mapToDouble(Double::doubleValue).toArray());
        }

        /** The solver's plan scored exactly from the facts. */
        Score score() {
            List<PlatformSlot> slots = new ArrayList<>();
            for (PlatformSlot slot : problem.getSlots()) {
                AccessOption pick = AccessOption.NONE;
                for (AccessOption option : slot.getOptions()) {
                    if (option.isPaid() && chosen.get(option).solutionValue() > 0.5) {
                        pick = option;
                    }
                }
                slots.add(new PlatformSlot(slot.getPlatformId(), slot.getOptions(), pick));
            }
            Score score = evaluate(new RotationSolution(slots, problem.getOptions(), problem.getTitlesOnPlatforms(),
                    problem.getBundleMembers(), problem.getCurrentTiers(), problem.getBudget()));
            if (score == null) {
                throw new IllegalStateException("SCIP's plan breaks the budget or tier exclusivity");
            }
            return score;
        }
    }
}
