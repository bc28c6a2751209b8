package com.subdecide.rules;

import com.subdecide.system.ConflictException;
import org.springframework.stereotype.Service;

/** Rollback: any stored version goes live again, checked like any other candidate and recorded. */
@Service
public class RuleSetRollback {

    private final ActiveRuleSet active;
    private final RuleSetLibrary library;

    RuleSetRollback(ActiveRuleSet active, RuleSetLibrary library) {
        this.active = active;
        this.library = library;
    }

    public ActiveRuleSet.Live rollback(String version, String by, String note) {
        if (active.current().version().equals(version)) {
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
