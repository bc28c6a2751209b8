package com.subdecide.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The whole check a rule set passes before it may serve: it compiles (with the allowlist and table checks), and
 * its analysts' test scenarios pass. Used by hot reload, drafts, the validate endpoint and the {@code validate}
 * command.
 */
public final class RuleSetValidator {

    private RuleSetValidator() {
    }

    /**
     * The outcome of validating one rule set.
     *
     * @param version   content hash of the files validated
     * @param errors    what stops it from going live, each at its file and line or sheet and cell
     * @param warnings  what is worth a look but does not stop it
     * @param scenarios the test scenarios' results ({@code null} when it did not compile)
     * @param ruleSet   the compiled rule set ({@code null} when it did not compile)
     */
    public record Report(String version, List<RuleProblem.Finding> errors, List<RuleProblem.Finding> warnings,
            ScenarioReport scenarios, RuleSet ruleSet) {

        /** Compiles and every scenario passes. */
        public boolean valid() {
            return errors.isEmpty() && scenarios != null && scenarios.ok();
        }

        /** Everything an analyst needs to fix, one line each. */
        public List<String> lines() {
            List<String> lines = new ArrayList<>();
            errors.forEach(e -> lines.add(e.toString()));
            warnings.forEach(w -> lines.add(w.toString()));
            if (scenarios != null) {
                scenarios.failures().forEach(f -> lines.add("scenario " + f));
            }
            return lines;
        }
    }

    public static Report validate(Map<String, byte[]> files, Collection<? extends ScenarioRunner> runners) {
        String version = RuleSetLoader.versionOf(files);
        RuleSet ruleSet;
        try {
            ruleSet = RuleSetLoader.compile(files);
        } catch (RuleSetCompilationException e) {
            List<RuleProblem.Finding> errors = e.problems().stream()
                    .map(p -> new RuleProblem.Finding(p.location(), true, p.message())).toList();
            return new Report(version, errors, List.of(), null, null);
        }
        return new Report(version, List.of(), ruleSet.warnings(), Scenarios.run(ruleSet, runners), ruleSet);
    }
}
