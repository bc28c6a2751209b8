package com.subdecide.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleSetLoaderTests {

    @TempDir
    Path temp;

    @Test
    void theShippedRuleSetCompilesAndItsVersionIsItsContent() {
        RuleSet first = RuleFolders.loadShipped();
        RuleSet again = RuleFolders.copyOfShipped(temp).load();
        assertThat(first.version()).startsWith("sha256:").isEqualTo(again.version());
        assertThat(first.files()).contains("rules/rotation-valuation.drl", "rules/rotation-guardrails.drl",
                "decision-tables/emphasis.drl.xlsx", "decision-tables/urgency.drl.xlsx",
                "decision-tables/progress.drl.xlsx", "decision-tables/tier-quality.drl.xlsx",
                "solver-config/rotation-solver.xml");
        assertThat(first.solverFactory("rotation-solver.xml")).isPresent();
    }

    @Test
    void changingOneCellChangesTheVersion() {
        RuleFolders folders = RuleFolders.copyOfShipped(temp);
        String before = folders.load().version();
        folders.setCell("decision-tables/emphasis.drl.xlsx", "Emphasis", "C10", 2.5);
        assertThat(folders.load().version()).isNotEqualTo(before);
    }

    @Test
    void aDrlErrorIsReportedWithFileAndLine() {
        RuleFolders folders = RuleFolders.copyOfShipped(temp);
        folders.write("rules/broken.drl", """
                package com.subdecide.rules.rotation;
                import com.subdecide.rotation.domain.WatchTitle;
                rule "broken"
                when
                    $t : WatchTitle(noSuchField == 1)
                then
                end
                """);
        assertThatThrownBy(folders::load).isInstanceOfSatisfying(RuleSetCompilationException.class,
                e -> assertThat(e.problems()).anySatisfy(p -> assertThat(p.location()).isEqualTo("rules/broken.drl:5")));
    }

    @Test
    void aBadTableCellIsReportedAsSheetAndCell() {
        RuleFolders folders = RuleFolders.copyOfShipped(temp);
        folders.setCell("decision-tables/emphasis.drl.xlsx", "Emphasis", "C11", "three(");
        assertThatThrownBy(folders::load).isInstanceOfSatisfying(RuleSetCompilationException.class,
                e -> assertThat(e.problems()).anySatisfy(p ->
                        assertThat(p.location()).isEqualTo("decision-tables/emphasis.drl.xlsx!Emphasis!C11")));
    }

    @Test
    void everyProblemIsListedNotOnlyTheFirst() {
        RuleFolders folders = RuleFolders.copyOfShipped(temp);
        folders.setCell("decision-tables/urgency.drl.xlsx", "Urgency", "D10", "five)");
        folders.write("rules/broken.drl", "package com.subdecide.rules.rotation;\nrule \"x\" when\n  Nope()\nthen end\n");
        folders.write("solver-config/rotation-solver.xml", "<solver><nonsense/></solver>");
        assertThatThrownBy(folders::load).isInstanceOfSatisfying(RuleSetCompilationException.class, e -> {
            assertThat(e.problems()).extracting(RuleProblem::location)
                    .contains("decision-tables/urgency.drl.xlsx!Urgency!D10", "rules/broken.drl:3",
                            "solver-config/rotation-solver.xml");
            assertThat(e.getMessage()).contains("rules/broken.drl:3", "Urgency!D10");
        });
    }
}
