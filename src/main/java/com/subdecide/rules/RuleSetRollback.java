package com.subdecide.rules;

import com.subdecide.system.ConflictException;
import org.springframework.stereotype.Service;

/** Rollback: any stored version goes live again, checked like any other candidate and recorded. */
@Service
public class RuleSetRollback {

    private final ActiveRuleSet active;
    private final RuleSetLibrary library;
    private final RuleSetVersions versions;

    RuleSetRollback(ActiveRuleSet active, RuleSetLibrary library, RuleSetVersions versions) {
        this.active = active;
        this.library = library;
        this.versions = versions;
    }

    /**
     * Takes {@code version} live. Refused when it already is — here and as the newest activation; a version that
     * serves here while a newer activation that this node refused is recorded may be taken live again, so every node
     * agrees on it.
     */
    public ActiveRuleSet.Live rollback(String version, String by, String note) {
        boolean newest = versions.latestActivation().map(a -> a.version().equals(version)).orElse(false);
        if (active.current().version().equals(version) && newest) {
            throw new ConflictException("already_live", version + " is already the live version");
        }
        RuleSet ruleSet = library.byVersion(version);
        ScenarioReport scenarios = Scenarios.run(ruleSet, active.runners());
        if (!scenarios.ok()) {
            throw new ConflictException("scenarios_failing", "Version " + version + " fails its own scenarios now: "
                    + scenarios.failures());
        }
        return active.activate(ruleSet, by, "rollback", note, "folders");
    }
}
