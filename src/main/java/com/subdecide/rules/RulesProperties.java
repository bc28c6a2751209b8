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
 */
@ConfigurationProperties("decisions.rules")
public record RulesProperties(
        @DefaultValue("rules") String rulesDir,
        @DefaultValue("decision-tables") String tablesDir,
        @DefaultValue("solver-config") String solverDir,
        @DefaultValue("true") boolean watch,
        @DefaultValue("100") long debounceMillis,
        @DefaultValue("true") boolean writeBack) {

    /** Folders read once, not watched and never written to. */
    public static RulesProperties of(String rulesDir, String tablesDir, String solverDir) {
        return new RulesProperties(rulesDir, tablesDir, solverDir, false, 100, false);
    }
}
