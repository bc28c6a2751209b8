package com.subdecide.rules;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.kie.api.KieBase;
import org.optaplanner.core.api.solver.SolverFactory;

/**
 * One compiled, immutable rule set: the analysts' rules, tables, test scenarios and solver configurations, and
 * the content hash that names this version. Decisions run on the rule set they started with.
 */
public final class RuleSet {

    private final String version;
    private final KieBase kieBase;
    private final RuleLocations locations;
    private final Map<String, SolverFactory<?>> solvers;
    private final Map<String, byte[]> files;
    private final List<RuleProblem.Finding> warnings;
    private final Map<Object, Object> derived = new ConcurrentHashMap<>();

    RuleSet(String version, KieBase kieBase, RuleLocations locations, Map<String, SolverFactory<?>> solvers,
            Map<String, byte[]> files, List<RuleProblem.Finding> warnings) {
        this.version = version;
        this.kieBase = kieBase;
        this.locations = locations;
        this.solvers = Map.copyOf(solvers);
        this.files = Collections.unmodifiableMap(new TreeMap<>(files));
        this.warnings = List.copyOf(warnings);
    }

    /** {@code sha256:<hex>} over every file's path and content. */
    public String version() {
        return version;
    }

    /** The files this version was compiled from, by path relative to the project top level. */
    public List<String> files() {
        return List.copyOf(files.keySet());
    }

    /** Every file's content, by path; do not modify the arrays. */
    public Map<String, byte[]> contents() {
        return files;
    }

    /** One file's content. */
    public Optional<byte[]> file(String path) {
        return Optional.ofNullable(files.get(path));
    }

    /** Findings of the checks beyond compiling that do not stop the rule set (gaps, repeated rows...). */
    public List<RuleProblem.Finding> warnings() {
        return warnings;
    }

    /** Every rule and table row of this rule set, labelled and located as {@link FiredRule} reports them. */
    public List<FiredRule> rules() {
        return locations.all().stream().map(l -> new FiredRule(l.label(), l.source(), 0)).toList();
    }

    /** Where a rule of this rule set is written and its label, as {@link FiredRule} reports them (no hits). */
    public FiredRule describe(String packageName, String ruleName) {
        RuleLocations.Location location = locations.find(packageName, ruleName);
        return new FiredRule(location.label(), location.source(), 0);
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

    /**
     * Something a caller builds once per rule set (a score explainer, a parsed scenario), kept as long as the rule
     * set lives, so it goes when the version goes.
     */
    @SuppressWarnings("unchecked")
    public <T> T derived(Object key, Function<RuleSet, T> build) {
        return (T) derived.computeIfAbsent(key, k -> build.apply(this));
    }
}
