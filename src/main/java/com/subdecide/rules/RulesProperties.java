package com.subdecide.rules;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the rule set is read from. Relative paths resolve against the working directory.
 *
 * @param rulesDir  DRL files ({@code *.drl})
 * @param tablesDir decision tables ({@code *.drl.xlsx}, {@code *.drl.csv})
 * @param solverDir OptaPlanner solver configurations ({@code *.xml})
 */
@ConfigurationProperties("decisions.rules")
public record RulesProperties(
        @DefaultValue("rules") String rulesDir,
        @DefaultValue("decision-tables") String tablesDir,
        @DefaultValue("solver-config") String solverDir) {
}
