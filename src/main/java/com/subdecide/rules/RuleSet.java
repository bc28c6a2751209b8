package com.subdecide.rules;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kie.api.KieBase;
import org.optaplanner.core.api.solver.SolverFactory;

/**
 * One compiled, immutable rule set: the analysts' rules and tables, the solver configurations, and the
 * content hash that names this version. Decisions run on the rule set they started with.
 */
public final class RuleSet {

    private final String version;
    private final KieBase kieBase;
    private final RuleLocations locations;
    private final Map<String, SolverFactory<?>> solvers;
    private final List<String> files;

    RuleSet(String version, KieBase kieBase, RuleLocations locations, Map<String, SolverFactory<?>> solvers,
            List<String> files) {
        this.version = version;
        this.kieBase = kieBase;
        this.locations = locations;
        this.solvers = Map.copyOf(solvers);
        this.files = files;
    }

    /** {@code sha256:<hex>} over every file's path and content. */
    public String version() {
        return version;
    }

    /** The files this version was compiled from, by path relative to the project top level. */
    public List<String> files() {
        return files;
    }

    /** A fresh rule session that records which rules fire. */
    public RuleRun newRun() {
        return new RuleRun(kieBase.newKieSession(), locations);
    }

    /** The solver built from {@code solver-config/<fileName>}, if this rule set has one. */
    @SuppressWarnings("unchecked")
    public <S> Optional<SolverFactory<S>> solverFactory(String fileName) {
        return Optional.ofNullable((SolverFactory<S>) solvers.get("solver-config/" + fileName));
    }
}
