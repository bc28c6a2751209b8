package com.subdecide.rules;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the rule set is read from, and how it is kept live. Relative paths resolve against the working directory.
 *
 * @param rulesDir        DRL files ({@code *.drl})
 * @param tablesDir       decision tables ({@code *.drl.xlsx}, {@code *.drl.csv}) and test scenarios
 * @param solverDir       OptaPlanner solver configurations ({@code *.xml})
 * @param watch           whether edits in the folders go live by themselves (hot reload)
 * @param debounceMillis  how long the folders must be quiet before an edit is compiled (editors write in steps)
 * @param writeBack       whether a promoted draft or a rollback is written into the folders, so the folders keep
 *                        matching what serves and a later edit starts from it
 * @param maxActivations  the most rule firings one rule session may take; past it the decision fails naming the
 *                        rule (a rule that keeps re-activating itself), and a candidate whose scenarios reach it is
 *                        refused
 * @param maxFireMillis   the longest one rule session may fire before the watchdog halts it
 * @param localAuthoring  local authoring mode: edits in the folders may go live by themselves (when watched) and
 *                        changed folders go live at start-up. Off (the {@code prod} profile), only an ADMIN's
 *                        promotion, rollback or reload makes a version live; start-up serves the last activation
 *                        and takes the folders live only on the very first start
 */
@ConfigurationProperties("decisions.rules")
public record RulesProperties(
        @DefaultValue("rules") String rulesDir,
        @DefaultValue("decision-tables") String tablesDir,
        @DefaultValue("solver-config") String solverDir,
        @DefaultValue("true") boolean watch,
        @DefaultValue("100") long debounceMillis,
        @DefaultValue("true") boolean writeBack,
        @DefaultValue("100000") int maxActivations,
        @DefaultValue("5000") long maxFireMillis,
        @DefaultValue("true") boolean localAuthoring) {

    /** Folders read once, not watched and never written to. */
    public static RulesProperties of(String rulesDir, String tablesDir, String solverDir) {
        return new RulesProperties(rulesDir, tablesDir, solverDir, false, 100, false, RuleLimits.DEFAULT_MAX_ACTIVATIONS,
                RuleLimits.DEFAULT_MAX_FIRE_MILLIS, true);
    }
}
