package com.subdecide.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Solver configurations name only this service's solver classes, however the XML spells the name. */
class SolverConfigPolicyTests {

    private static List<RuleProblem> check(String xml) {
        return SolverConfigPolicy.check("solver-config/x.xml", xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theShippedConfigurationsPass() throws Exception {
        for (String file : List.of("rotation-solver.xml", "benefit-population-solver.xml")) {
            assertThat(SolverConfigPolicy.check(file, Files.readAllBytes(Path.of("solver-config", file)))).isEmpty();
        }
    }

    @Test
    void aClassHiddenInCdataOrSplitByACommentIsStillRead() {
        assertThat(check("<solver><customPhase><customPhaseCommandClass><![CDATA[java.util.Timer]]>"
                + "</customPhaseCommandClass></customPhase></solver>")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("java.util.Timer"));
        assertThat(check("<solver><solutionClass>java.util.<!-- x -->Timer</solutionClass></solver>")).hasSize(1);
        assertThat(check("<solver><solutionClass> com.subdecide.system.SecurityProperties </solutionClass></solver>"))
                .hasSize(1);
    }

    @Test
    void documentTypesEntitiesAndTooManyThreadsAreRefused() {
        assertThat(check("<!DOCTYPE solver [<!ENTITY t \"java.util.Timer\">]><solver><solutionClass>&t;</solutionClass>"
                + "</solver>")).singleElement().satisfies(p -> assertThat(p.message()).contains("document type"));
        assertThat(check("<solver><moveThreadCount>64</moveThreadCount></solver>")).hasSize(1);
        assertThat(check("<solver><moveThreadCount>NONE</moveThreadCount></solver>")).isEmpty();
        assertThat(check("<solver><unclosed></solver>")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("not well-formed"));
    }
}
