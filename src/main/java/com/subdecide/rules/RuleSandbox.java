package com.subdecide.rules;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.stmt.BlockStmt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.drools.drl.ast.descr.AccumulateDescr;
import org.drools.drl.ast.descr.AttributeDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.CollectDescr;
import org.drools.drl.ast.descr.ConditionalBranchDescr;
import org.drools.drl.ast.descr.ConditionalElementDescr;
import org.drools.drl.ast.descr.EntryPointDescr;
import org.drools.drl.ast.descr.EvalDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.FromDescr;
import org.drools.drl.ast.descr.FunctionDescr;
import org.drools.drl.ast.descr.GlobalDescr;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.NamedConsequenceDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.PatternSourceDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsParserException;
import org.drools.mvel.parser.DrlxParser;
import org.drools.mvel.parser.MvelParser;

/**
 * The rule sandbox: rule text is checked on its parse, not on its spelling. The DRL is parsed by Drools' own
 * parser; every piece of code in it (conditions, bindings, {@code eval}, {@code from}, accumulate arguments,
 * consequences, named consequences, functions) is parsed as Java/DRL expressions and statements and checked by
 * {@link CodeChecker}, which types every name and call by reflection against {@link SandboxTypes}. Imports,
 * globals, fact types and attributes are checked the same way. Anything the sandbox cannot read or type is
 * refused; a rule file that is refused is never handed to the compiler.
 */
final class RuleSandbox {

    /** One refused use: the 1-based line and the text that offends. */
    record Violation(int line, String token, String message) {
    }

    private static final Set<String> ACCUMULATE_FUNCTIONS = Set.of("sum", "count", "min", "max", "average",
            "collectList", "collectSet", "countDistinct");
    private static final Set<String> ATTRIBUTES = Set.of("salience", "no-loop", "lock-on-active", "agenda-group",
            "activation-group", "auto-focus", "ruleflow-group", "date-effective", "date-expires", "enabled", "dialect");
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,9}");
    private static final List<String> OPERATORS = List.of("matches", "contains", "excludes", "memberOf", "soundslike",
            "str", "in");
    private static final Pattern PACKAGE_ALLOWED = Pattern.compile("(?!(java|javax|jdk|sun|org\\.drools|org\\.kie|org\\.mvel2)"
            + "(\\.|$))(?!com\\.subdecide(\\.|$)(?!rules(\\.|$)))[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*");

    private final List<Violation> violations = new ArrayList<>();
    private String[] lines = new String[0];
    private final Map<String, Class<?>> types = new HashMap<>();
    private final List<String> wildcards = new ArrayList<>();
    private final Map<String, Class<?>> functions = new LinkedHashMap<>();
    private final Map<String, Class<?>> globals = new HashMap<>();

    private RuleSandbox() {
        for (String name : List.of("String", "Math", "StrictMath", "Integer", "Long", "Double", "Float", "Short", "Byte",
                "Boolean", "Character", "Number", "Object", "Comparable", "Iterable", "StringBuilder", "CharSequence",
                "Enum", "RuntimeException", "IllegalArgumentException", "IllegalStateException",
                "ArithmeticException", "UnsupportedOperationException")) {
            types.put(name, SandboxTypes.byName("java.lang." + name));
        }
    }

    private static final Memo<String, List<Violation>> CHECKED = new Memo<>(64);

    /** Every use in the DRL text that reaches outside what rules may use, or that cannot be checked. */
    static List<Violation> check(String drl) {
        return CHECKED.get(drl, text -> List.copyOf(new RuleSandbox().run(text)));
    }

    private List<Violation> run(String drl) {
        this.lines = drl.split("\n", -1);
        // The Java compiler turns \\uXXXX into its character before it parses, so an escape could close a string
        // the sandbox reads as text: escapes are refused; write the character itself (files are UTF-8).
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains("\\u")) {
                violations.add(new Violation(i + 1, "\\u", "unicode escapes (\\uXXXX) are not allowed in rules: "
                        + "write the character itself"));
            }
        }
        if (!violations.isEmpty()) {
            return violations;
        }
        DrlParser parser = new DrlParser();
        PackageDescr pkg;
        try {
            pkg = parser.parse(false, drl);
        } catch (DroolsParserException e) {
            return List.of(new Violation(1, "", "the rule file cannot be read: " + e.getMessage()));
        }
        if (pkg == null || parser.hasErrors()) {
            // The compiler reports syntax errors in its own words; a file it cannot parse never compiles.
            return pkg == null ? List.of() : checkPackage(pkg);
        }
        return checkPackage(pkg);
    }

    private List<Violation> checkPackage(PackageDescr pkg) {
        String name = pkg.getName() == null ? "" : pkg.getName();
        if (!name.isEmpty() && !PACKAGE_ALLOWED.matcher(name).matches()) {
            violations.add(new Violation(Math.max(1, pkg.getLine()), name, "the package '" + name + "' is reserved: "
                    + "name rule packages like com.subdecide.rules.<area>"));
        }
        for (ImportDescr i : pkg.getImports()) {
            importType(i);
        }
        for (ImportDescr i : pkg.getFunctionImports()) {
            violations.add(new Violation(i.getLine(), i.getTarget(), "'import function' is not allowed: write the "
                    + "function in the rule file"));
        }
        for (ImportDescr i : pkg.getAccumulateImports()) {
            violations.add(new Violation(i.getLine(), i.getTarget(), "'import accumulate' is not allowed: use sum, "
                    + "count, min, max, average, collectList or collectSet"));
        }
        if (!pkg.getTypeDeclarations().isEmpty() || !pkg.getEnumDeclarations().isEmpty()
                || !pkg.getWindowDeclarations().isEmpty()) {
            BaseDescr first = !pkg.getTypeDeclarations().isEmpty() ? pkg.getTypeDeclarations().get(0)
                    : !pkg.getEnumDeclarations().isEmpty() ? pkg.getEnumDeclarations().get(0)
                    : pkg.getWindowDeclarations().iterator().next();
            violations.add(new Violation(first.getLine(), "declare", "'declare' is not allowed: rules work on the "
                    + "domain's fact types (com.subdecide.<area>.domain)"));
        }
        CodeChecker.Scope packageScope = new CodeChecker.Scope(types, wildcards, functions);
        for (GlobalDescr g : pkg.getGlobals()) {
            Class<?> type = packageType(g.getType(), g.getLine(), packageScope);
            globals.put(g.getIdentifier(), type);
        }
        for (AttributeDescr a : pkg.getAttributes()) {
            attribute(a, a.getLine());
        }
        Map<String, Set<String>> calls = new HashMap<>();
        for (FunctionDescr f : pkg.getFunctions()) {
            functions.put(f.getName(), packageType(f.getReturnType(), f.getLine(), packageScope));
        }
        for (FunctionDescr f : pkg.getFunctions()) {
            calls.put(f.getName(), function(f, packageScope));
        }
        recursion(pkg.getFunctions(), calls);
        for (RuleDescr rule : pkg.getRules()) {
            rule(rule, packageScope);
        }
        return violations;
    }

    private void importType(ImportDescr i) {
        String target = i.getTarget();
        if (target.endsWith(".*")) {
            String pkg = target.substring(0, target.length() - 2);
            if (SandboxTypes.allowedName(pkg + ".X") && SandboxTypes.load(pkg + ".Object") == null) {
                wildcards.add(pkg);
            } else {
                violations.add(new Violation(i.getLine(), target, "'" + target + "' cannot be imported: rules may use "
                        + "only " + SandboxTypes.ALLOWED));
            }
            return;
        }
        Class<?> type = SandboxTypes.byName(target);
        if (type == null) {
            violations.add(new Violation(i.getLine(), target, "'" + target + "' cannot be imported: rules may use only "
                    + SandboxTypes.ALLOWED));
            return;
        }
        types.put(target.substring(target.lastIndexOf('.') + 1), type);
    }

    private Class<?> packageType(String written, int line, CodeChecker.Scope scope) {
        if (written == null || written.equals("void")) {
            return void.class;
        }
        try {
            return new CodeChecker(line, violations).type(MvelParser.parseType(written), scope,
                    new com.github.javaparser.ast.expr.NameExpr(written));
        } catch (RuntimeException e) {
            violations.add(new Violation(line, written, "'" + written + "' is not a type rules may use"));
            return Object.class;
        }
    }

    private Set<String> function(FunctionDescr f, CodeChecker.Scope packageScope) {
        CodeChecker.Scope scope = packageScope.child();
        globals.forEach(scope::define);
        for (int i = 0; i < f.getParameterNames().size(); i++) {
            scope.define(f.getParameterNames().get(i), packageType(f.getParameterTypes().get(i), f.getLine(), scope));
        }
        CodeChecker checker = new CodeChecker(f.getLine(), violations);
        BlockStmt body = parseBlock(f.getBody(), f.getLine());
        if (body != null) {
            checker.block(body, scope);
        }
        return checker.calledFunctions;
    }

    /** Functions that call themselves, directly or through others, could run without end. */
    private void recursion(List<FunctionDescr> declared, Map<String, Set<String>> calls) {
        for (FunctionDescr f : declared) {
            Set<String> seen = new HashSet<>();
            List<String> todo = new ArrayList<>(calls.getOrDefault(f.getName(), Set.of()));
            while (!todo.isEmpty()) {
                String next = todo.remove(todo.size() - 1);
                if (next.equals(f.getName())) {
                    violations.add(new Violation(f.getLine(), f.getName(), "function '" + f.getName() + "' calls "
                            + "itself: recursion is not allowed in rules"));
                    break;
                }
                if (seen.add(next)) {
                    todo.addAll(calls.getOrDefault(next, Set.of()));
                }
            }
        }
    }

    private void rule(RuleDescr rule, CodeChecker.Scope packageScope) {
        for (AttributeDescr a : rule.getAttributes().values()) {
            attribute(a, a.getLine() > 0 ? a.getLine() : rule.getLine());
        }
        CodeChecker.Scope scope = packageScope.child();
        globals.forEach(scope::define);
        if (rule.isQuery()) {
            violations.add(new Violation(rule.getLine(), rule.getName(), "queries are not used by this service"));
            return;
        }
        lhs(rule.getLhs(), scope);
        consequence(rule.getConsequence(), consequenceStart(rule.getConsequenceLine()), scope);
        for (Object named : rule.getNamedConsequences().values()) {
            consequence(named, consequenceStart(rule.getConsequenceLine()), scope);
        }
    }

    /** The parser names the line of {@code then}; the code starts there only when it follows on that line. */
    private int consequenceStart(int thenLine) {
        if (thenLine < 1 || thenLine > lines.length) {
            return Math.max(1, thenLine);
        }
        String line = lines[thenLine - 1];
        int at = line.indexOf("then");
        return at >= 0 && !line.substring(at + 4).isBlank() ? thenLine : thenLine + 1;
    }

    private void attribute(AttributeDescr a, int line) {
        String name = a.getName();
        String value = a.getValue() == null ? "" : a.getValue().trim();
        if (!ATTRIBUTES.contains(name)) {
            violations.add(new Violation(line, name, "the attribute '" + name + "' is not allowed; rules may use "
                    + String.join(", ", new java.util.TreeSet<>(ATTRIBUTES))));
        } else if (name.equals("salience") && !INTEGER.matcher(value).matches()) {
            violations.add(new Violation(line, value, "salience must be a whole number, not '" + value + "'"));
        } else if (name.equals("enabled") && !value.equals("true") && !value.equals("false")) {
            violations.add(new Violation(line, value, "enabled must be true or false, not '" + value + "'"));
        } else if (name.equals("dialect") && !value.replace("\"", "").equals("java")) {
            // MVEL actions are interpreted by reflection, out of reach of the rules' class loader.
            violations.add(new Violation(line, value, "rule actions are written in Java: the dialect must be \"java\""));
        }
    }

    private void lhs(BaseDescr descr, CodeChecker.Scope scope) {
        if (descr instanceof PatternDescr p) {
            pattern(p, scope);
        } else if (descr instanceof EvalDescr e) {
            String content = e.getContent() == null ? "" : e.getContent().toString();
            condition(content, e.getLine(), scope);
        } else if (descr instanceof ConditionalBranchDescr c) {
            condition(c.getCondition().getContent().toString(), c.getLine(), scope);
        } else if (descr instanceof NamedConsequenceDescr) {
            // the named consequence's code is checked with the rule's named consequences
        } else if (descr instanceof ConditionalElementDescr ce) {
            for (BaseDescr d : ce.getDescrs()) {
                lhs(d, scope);
            }
        } else if (descr != null) {
            violations.add(new Violation(descr.getLine(), descr.getText(), "this kind of condition ("
                    + descr.getClass().getSimpleName().replace("Descr", "") + ") is not supported in rules here"));
        }
    }

    private void pattern(PatternDescr p, CodeChecker.Scope scope) {
        PatternSourceDescr source = p.getSource();
        if (source != null) {
            source(source, scope);
        }
        Class<?> fact = factType(p.getObjectType(), p.getLine(), scope);
        if (p.getIdentifier() != null) {
            scope.define(p.getIdentifier(), fact);
        }
        CodeChecker.Scope on = scope.on(fact);
        for (BaseDescr c : p.getDescrs()) {
            if (c instanceof ExprConstraintDescr e) {
                Expression parsed = parseConstraint(e.getExpression(), e.getLine());
                if (parsed != null) {
                    new CodeChecker(e.getLine(), violations).expression(parsed, on);
                }
            } else {
                lhs(c, on);
            }
        }
        // Bindings made inside the pattern are visible to the rest of the rule.
        on.exportTo(scope);
    }

    /** A pattern's fact type: an allowed type by the name written, or a violation in the compiler's words. */
    private Class<?> factType(String written, int line, CodeChecker.Scope scope) {
        Class<?> type = scope.type(written);
        if (type != null) {
            return type;
        }
        boolean exists = SandboxTypes.load(written) != null || !written.contains(".")
                && CodeChecker.reachableByItsSimpleName(written);
        if (exists) {
            violations.add(new Violation(line, written, "'" + written + "' is not a type rules may use: rules may use "
                    + "only " + SandboxTypes.ALLOWED));
        } else {
            String hint = "";
            int best = Integer.MAX_VALUE;
            for (String known : types.keySet()) {
                int d = PlainWords.distance(known.toLowerCase(java.util.Locale.ROOT), written.toLowerCase(java.util.Locale.ROOT));
                if (d < best && d <= Math.max(2, written.length() / 3)) {
                    best = d;
                    hint = " (did you mean '" + known + "'?)";
                }
            }
            violations.add(new Violation(line, written, "unknown fact type '" + written + "'" + hint
                    + ": import a domain fact type"));
        }
        return Object.class;
    }

    private void source(PatternSourceDescr source, CodeChecker.Scope scope) {
        if (source instanceof FromDescr from) {
            condition(from.getDataSource().getText(), from.getLine(), scope);
        } else if (source instanceof AccumulateDescr acc) {
            if (acc.getInitCode() != null || acc.getActionCode() != null || acc.getResultCode() != null
                    || acc.getReverseCode() != null) {
                violations.add(new Violation(acc.getLine(), "accumulate", "accumulate with init/action/result code "
                        + "is not allowed; use sum, count, min, max, average, collectList or collectSet"));
                return;
            }
            CodeChecker.Scope inner = scope.child();
            lhs(acc.getInput(), inner);
            for (AccumulateDescr.AccumulateFunctionCallDescr f : acc.getFunctions()) {
                if (!ACCUMULATE_FUNCTIONS.contains(f.getFunction())) {
                    violations.add(new Violation(acc.getLine(), f.getFunction(), "'" + f.getFunction() + "' is not an "
                            + "accumulate function rules may use: " + String.join(", ", new java.util.TreeSet<>(ACCUMULATE_FUNCTIONS))));
                }
                for (String param : f.getParams()) {
                    condition(param, acc.getLine(), inner);
                }
                if (f.getBind() != null) {
                    scope.define(f.getBind(), Object.class);
                }
            }
        } else if (source instanceof CollectDescr collect) {
            lhs(collect.getInputPattern(), scope.child());
        } else if (!(source instanceof EntryPointDescr)) {
            violations.add(new Violation(source.getLine(), source.getText(), "this kind of source ("
                    + source.getClass().getSimpleName().replace("Descr", "") + ") is not supported in rules here"));
        }
    }

    private void condition(String text, int line, CodeChecker.Scope scope) {
        Expression parsed = parseConstraint(text, line);
        if (parsed != null) {
            new CodeChecker(line, violations).expression(parsed, scope);
        }
    }

    private void consequence(Object text, int line, CodeChecker.Scope scope) {
        if (text == null) {
            return;
        }
        BlockStmt block = parseBlock(text.toString(), line);
        if (block != null) {
            new CodeChecker(line, violations).block(block, scope.asConsequence());
        }
    }

    private Expression parseConstraint(String text, int line) {
        try {
            return DrlxParser.parseExpression(DrlxParser.buildDrlxParserWithArguments(OPERATORS), text);
        } catch (RuntimeException e) {
            violations.add(new Violation(line, text, "this condition cannot be read as a rule condition: " + text.trim()));
            return null;
        }
    }

    /**
     * Java code (a consequence or a function body) parsed by JavaParser with positions; {@code modify(x) { a, b }}
     * and {@code with} blocks are first written as one call {@code __modify__(x, a, b);} on the same lines.
     */
    private BlockStmt parseBlock(String code, int line) {
        ParseResult<BlockStmt> result = new JavaParser(new ParserConfiguration()
                .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17))
                .parseBlock("{" + ModifyBlocks.rewrite(code) + "\n}");
        if (result.isSuccessful() && result.getResult().isPresent()) {
            return result.getResult().get();
        }
        String problem = result.getProblems().isEmpty() ? "" : result.getProblems().get(0).getMessage();
        int cut = problem.indexOf('\n');
        violations.add(new Violation(line, code, "this code cannot be read as a rule action: "
                + (cut > 0 ? problem.substring(0, cut) : problem)));
        return null;
    }
}
