package com.subdecide.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Rule text generated from a small typed grammar of Java expressions: roots and member steps over allowed types
 * (the domain facts, strings, numbers, java.time, java.math, collections) and disallowed ones (the process,
 * threads, files, reflection, class loaders, unbounded work), placed in a condition, an eval, a from or an
 * action. The sandbox must accept exactly the expressions made only of allowed parts.
 */
class RuleSandboxPropertyTests {

    /** One piece of an expression: its text, the type it leaves, and whether rules may use it. */
    record Part(String text, String type, boolean allowed) {
    }

    record Expression(String text, boolean allowed) {
    }

    private static final List<Part> ROOTS = List.of(
            new Part("$t", "WatchTitle", true),
            new Part("\"text\"", "String", true),
            new Part("java.time.LocalDate.now()", "LocalDate", true),
            new Part("java.math.BigDecimal.ONE", "BigDecimal", true),
            new Part("Integer.valueOf(3)", "Integer", true),
            new Part("new java.util.ArrayList()", "List", true),
            new Part("java.util.List.of(1, 2)", "List", true),
            new Part("Math.abs(-2.5)", "double", true),
            new Part("System.getenv()", "X", false),
            new Part("Runtime.getRuntime()", "X", false),
            new Part("Thread.currentThread()", "X", false),
            new Part("new java.io.File(\"x\")", "X", false),
            new Part("java.nio.file.Paths.get(\"x\")", "X", false),
            new Part("ClassLoader.getSystemClassLoader()", "X", false),
            new Part("String.class", "X", false),
            new Part("new ProcessBuilder(\"id\")", "X", false),
            new Part("java.util.concurrent.Executors.newSingleThreadExecutor()", "X", false),
            new Part("java.lang.reflect.Array.newInstance(null, 1)", "X", false));

    private static final Map<String, List<Part>> STEPS = Map.of(
            "WatchTitle", List.of(new Part(".getName()", "String", true), new Part(".getAsOf()", "LocalDate", true),
                    new Part(".getRecScore()", "double", true), new Part(".getClass()", "X", false),
                    new Part(".toString()", "String", true), new Part(".notifyAll()", "X", false)),
            "String", List.of(new Part(".trim()", "String", true), new Part(".toUpperCase()", "String", true),
                    new Part(".length()", "int", true), new Part(".getClass()", "X", false),
                    new Part(".repeat(1000000000)", "X", false), new Part(".isEmpty()", "boolean", true)),
            "LocalDate", List.of(new Part(".plusDays(3)", "LocalDate", true), new Part(".getYear()", "int", true),
                    new Part(".toString()", "String", true), new Part(".getClass()", "X", false)),
            "BigDecimal", List.of(new Part(".add(java.math.BigDecimal.TEN)", "BigDecimal", true),
                    new Part(".doubleValue()", "double", true), new Part(".toPlainString()", "String", true),
                    new Part(".getClass()", "X", false)),
            "Integer", List.of(new Part(".doubleValue()", "double", true), new Part(".toString()", "String", true),
                    new Part(".getClass()", "X", false)),
            "List", List.of(new Part(".size()", "int", true), new Part(".isEmpty()", "boolean", true),
                    new Part(".getClass()", "X", false), new Part(".stream()", "X", false)));

    @Provide
    Arbitrary<Expression> expressions() {
        return Combinators.combine(Arbitraries.of(ROOTS), Arbitraries.integers().between(0, 3),
                Arbitraries.longs()).as((root, steps, seed) -> {
                    java.util.Random random = new java.util.Random(seed);
                    StringBuilder text = new StringBuilder(root.text());
                    boolean allowed = root.allowed();
                    String type = root.type();
                    for (int i = 0; i < steps && STEPS.containsKey(type); i++) {
                        List<Part> options = STEPS.get(type);
                        Part step = options.get(random.nextInt(options.size()));
                        text.append(step.text());
                        allowed &= step.allowed();
                        type = step.type();
                    }
                    return new Expression(text.toString(), allowed);
                });
    }

    private static List<String> placements(String expression) {
        List<String> drls = new ArrayList<>();
        String header = """
                package com.subdecide.rules.rotation;
                import com.subdecide.rotation.domain.WatchTitle;
                """;
        drls.add(header + "rule \"a\" when $t : WatchTitle() then\n Object v = " + expression + ";\nend\n");
        drls.add(header + "rule \"e\" when $t : WatchTitle() eval(" + expression + " != null) then end\n");
        drls.add(header + "rule \"c\" when $t : WatchTitle() WatchTitle(" + expression + " != null) then end\n");
        drls.add(header + "rule \"f\" when $t : WatchTitle() $o : Object() from " + expression + " then end\n");
        return drls;
    }

    @Property(tries = 400)
    void theSandboxAcceptsExactlyTheExpressionsMadeOfAllowedParts(@ForAll("expressions") Expression expression) {
        for (String drl : placements(expression.text())) {
            List<RuleSandbox.Violation> violations = RuleSandbox.check(drl);
            if (expression.allowed()) {
                assertThat(violations).as(drl).isEmpty();
            } else {
                assertThat(violations).as(drl).isNotEmpty();
            }
        }
    }

    @Property(tries = 200)
    void aTableValueCellIsEitherALiteralOrRefused(@ForAll("cells") String cell) {
        String refusal = TableCells.refusal(cell, "$t.setEmphasis($param);");
        boolean literal = cell.matches("-?\\d+(\\.\\d+)?") || cell.matches("[A-Z][A-Z0-9_]*") || cell.equals("true");
        assertThat(refusal == null).as(cell).isEqualTo(literal);
    }

    @Provide
    Arbitrary<String> cells() {
        Arbitrary<String> literals = Arbitraries.oneOf(Arbitraries.doubles().between(-100, 100).ofScale(3).map(d -> java.math.BigDecimal.valueOf(d).toPlainString()),
                Arbitraries.integers().map(Object::toString), Arbitraries.of("MUST_WATCH", "TRUE_VALUE", "true"));
        Arbitrary<String> code = Arbitraries.of("3); System.exit(0", "$t.getName()", "1 + 1", "new Object()",
                "x(", "four", "\"quoted\" + 1", "3;");
        return Arbitraries.oneOf(literals, code);
    }
}
