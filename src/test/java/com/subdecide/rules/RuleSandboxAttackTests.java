package com.subdecide.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ways out of the sandbox that a rule author with an ANALYST account tried, each refused on the parse
 * before anything is compiled, in DRL conditions, evals, froms, accumulates, attributes, consequences,
 * functions and decision-table cells.
 */
class RuleSandboxAttackTests {

    private static final String HEADER = """
            package com.subdecide.rules.rotation;
            import com.subdecide.rotation.domain.WatchTitle;
            """;

    @TempDir
    Path temp;

    private static List<RuleSandbox.Violation> check(String body) {
        return RuleSandbox.check(HEADER + body);
    }

    private static List<String> tokens(String body) {
        return check(body).stream().map(RuleSandbox.Violation::token).toList();
    }

    @Test
    void theReportedProcessBuilderRuleIsRefusedAtGetClass() {
        List<RuleSandbox.Violation> violations = check("""
                rule "x" when $t : WatchTitle() then
                  Object pb = ("").getClass().forName("java.lang.ProcessBuilder").getConstructor((new String[0]).getClass())
                              .newInstance(new Object[]{ new String[]{"touch", "marker.txt"} });
                  (pb).getClass().getMethod("start").invoke(pb);
                end
                """);
        assertThat(violations).extracting(RuleSandbox.Violation::token).contains("getClass");
        assertThat(violations).extracting(RuleSandbox.Violation::line).contains(4, 6);
        assertThat(violations).allSatisfy(v -> assertThat(v.message()).isNotBlank());
    }

    @Test
    void getClassIsRefusedOnEveryKindOfReceiver() {
        for (String receiver : List.of("\"\"", "(\"\")", "$t", "((Object) $t)", "$t.getName()", "$t.toString().trim()",
                "Integer.valueOf(1)", "java.time.LocalDate.now()", "new java.util.ArrayList()",
                "java.util.List.of(1)", "(\"a\" + \"b\")")) {
            assertThat(tokens("rule \"x\" when $t : WatchTitle() then\n Object o = " + receiver + ".getClass();\nend\n"))
                    .as(receiver).contains("getClass");
        }
    }

    @Test
    void codeInConditionsEvalsFromsAndAccumulatesIsCheckedToo() {
        assertThat(tokens("rule \"x\" when $t : WatchTitle((\"\").getClass() != null) then end\n")).contains("getClass");
        assertThat(tokens("rule \"x\" when eval(java.lang.Runtime.getRuntime() != null) then end\n"))
                .contains("java.lang.Runtime");
        assertThat(tokens("rule \"x\" when $o : Object() from java.nio.file.Files.list(null) then end\n"))
                .contains("java.nio.file.Files");
        assertThat(tokens("rule \"x\" when Number() from accumulate(WatchTitle($s : recScore), sum(System.nanoTime())) "
                + "then end\n")).contains("System");
        assertThat(tokens("""
                rule "x" when
                  Number() from accumulate(WatchTitle(), init(int n = 0;) action(n++;) result(n))
                then end
                """)).contains("accumulate");
        assertThat(tokens("rule \"x\" salience (java.lang.Runtime.getRuntime().availableProcessors()) when "
                + "WatchTitle() then end\n")).isNotEmpty();
        assertThat(tokens("rule \"x\" enabled (System.exit(0) == null) when WatchTitle() then end\n")).isNotEmpty();
        // MVEL actions run by reflection, beyond the rules' class loader: actions are Java only.
        assertThat(tokens("rule \"x\" dialect \"mvel\" when WatchTitle() then end\n")).isNotEmpty();
    }

    @Test
    void loopsTryLambdasClassLiteralsAnonymousClassesAndSizedArraysAreRefused() {
        assertThat(check("rule \"x\" when $t : WatchTitle() then\n while (true) {}\nend\n"))
                .extracting(RuleSandbox.Violation::line).containsExactly(4);
        assertThat(tokens("rule \"x\" when $t : WatchTitle() then\n for (int i = 0; ; i++) {}\nend\n")).contains("loop");
        assertThat(tokens("rule \"x\" when $t : WatchTitle() then\n do {} while (true);\nend\n")).contains("loop");
        assertThat(tokens("rule \"x\" when $t : WatchTitle() then\n try { } catch (Throwable e) { }\nend\n")).contains("try");
        assertThat(tokens("rule \"x\" when $t : WatchTitle() then\n synchronized ($t) { }\nend\n")).contains("synchronized");
        assertThat(tokens("rule \"x\" when $t : WatchTitle() then\n Runnable r = () -> {};\nend\n")).isNotEmpty();
        assertThat(tokens("rule \"x\" when $t : WatchTitle() then\n Object c = String.class;\nend\n")).isNotEmpty();
        assertThat(tokens("rule \"x\" when $t : WatchTitle() then\n Object o = new Object() { };\nend\n")).isNotEmpty();
        assertThat(tokens("rule \"x\" when $t : WatchTitle() then\n long[] big = new long[2000000000];\nend\n")).isNotEmpty();
        assertThat(tokens("rule \"x\" when $t : WatchTitle() then\n String s = \"x\".repeat(2000000000);\nend\n"))
                .contains("repeat");
    }

    @Test
    void aUnicodeEscapeCannotCloseAStringTheSandboxReadsAsText() {
        // The compiler turns \\u0022 into a quote before it parses: the "text" below would be code to it.
        assertThat(check("rule \"u\" when $t : WatchTitle() then\n String s = \"\\u0022+ java.lang.Runtime.getRuntime() "
                + "+\\u0022\";\nend\n")).extracting(RuleSandbox.Violation::line).containsExactly(4);
    }

    @Test
    void functionsAreCheckedAndMayNotRecurse() {
        assertThat(tokens("""
                function int spin(int n) { return spin(n + 1); }
                rule "x" when $t : WatchTitle() then spin(1); end
                """)).contains("spin");
        assertThat(tokens("""
                function int a(int n) { return b(n); }
                function int b(int n) { return a(n); }
                rule "x" when $t : WatchTitle() then a(1); end
                """)).contains("a", "b");
        assertThat(tokens("""
                function void out() { System.out.println("x"); }
                rule "x" when $t : WatchTitle() then out(); end
                """)).contains("System");
        assertThat(check("""
                function double half(double x) { return x / 2; }
                rule "x" when $t : WatchTitle() then $t.setEmphasis(half(3)); end
                """)).isEmpty();
    }

    @Test
    void packageImportsFunctionImportsAndDeclarationsOutsideTheDomainAreRefused() {
        assertThat(RuleSandbox.check("package com.subdecide.system;\nrule \"x\" when then end\n"))
                .extracting(RuleSandbox.Violation::token).contains("com.subdecide.system");
        assertThat(RuleSandbox.check("package java.lang;\nrule \"x\" when then end\n")).isNotEmpty();
        assertThat(RuleSandbox.check("package x;\nimport function java.lang.System.exit;\n")).isNotEmpty();
        assertThat(RuleSandbox.check("package x;\ndeclare Shadow\n  name : String\nend\n")).isNotEmpty();
        assertThat(RuleSandbox.check("package x;\nimport java.lang.*;\n")).isNotEmpty();
        assertThat(RuleSandbox.check("package x;\nglobal java.io.File out;\n")).isNotEmpty();
    }

    @Test
    void theRuleHelperOffersOnlyInsertUpdateDeleteAndTheRuleName() {
        assertThat(check("""
                rule "x" when $t : WatchTitle() then
                  String n = drools.getRule().getName();
                  update($t);
                  modify($t) { setPurged(true), setEmphasis(2) }
                end
                """)).isEmpty();
        assertThat(tokens("rule \"x\" when $t : WatchTitle() then\n drools.getKieRuntime();\nend\n")).contains("getKieRuntime");
        assertThat(tokens("rule \"x\" when $t : WatchTitle() then\n kcontext.getKieRuntime().halt();\nend\n"))
                .contains("getKieRuntime");
        assertThat(tokens("rule \"x\" when $t : WatchTitle() then\n modify($t) { getClass() }\nend\n")).contains("getClass");
    }

    @Test
    void aValueOnlySpreadsheetEditCannotCloseTheTemplateAndAppendCode() throws Exception {
        RuleFolders folders = RuleFolders.copyOfShipped(temp);
        Path marker = temp.resolve("marker.txt");
        folders.setCell("decision-tables/emphasis.drl.xlsx", "Emphasis", "C10",
                "3); java.lang.Runtime.getRuntime().exec(\"touch " + marker + "\"); $t.setEmphasis(3");
        folders.setCell("decision-tables/progress.drl.xlsx", "Progress", "B11", "IN_PROGRESS\" || true) eval(true");
        assertThatThrownBy(folders::load).isInstanceOfSatisfying(RuleSetCompilationException.class, e -> {
            assertThat(e.problems()).extracting(RuleProblem::location).contains(
                    "decision-tables/emphasis.drl.xlsx!Emphasis!C10", "decision-tables/progress.drl.xlsx!Progress!B11");
            assertThat(e.problems()).extracting(RuleProblem::message)
                    .anySatisfy(m -> assertThat(m).contains("never code"))
                    .anySatisfy(m -> assertThat(m).contains("may not contain quotes"));
        });
        assertThat(Files.exists(marker)).isFalse();
    }

    @Test
    void aTableCellThatIsAWordWhereANumberBelongsIsNamedInPlainWords() {
        assertThat(TableCells.refusal("four", "$t.setEmphasis($param);")).isEqualTo("'four' is not a number");
        assertThat(TableCells.refusal("2.5", "$t.setEmphasis($param);")).isNull();
        assertThat(TableCells.refusal("-1", "$t.setEmphasis($param);")).isNull();
        assertThat(TableCells.refusal("MUST_WATCH", "priority == $param")).isNull();
        assertThat(TableCells.refusal("Some text, with a comma", "name == \"$param\"")).isNull();
        assertThat(TableCells.refusal("x", "isUrgent()")).isNull();
    }
}
