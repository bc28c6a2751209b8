package com.subdecide.rules;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.ArrayCreationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.CharLiteralExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.InstanceOfExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LongLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.NullLiteralExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.BreakStmt;
import com.github.javaparser.ast.stmt.EmptyStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SwitchEntry;
import com.github.javaparser.ast.stmt.SwitchStmt;
import com.github.javaparser.ast.stmt.ThrowStmt;
import com.github.javaparser.ast.type.ArrayType;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.PrimitiveType;
import com.github.javaparser.ast.type.Type;
import com.github.javaparser.ast.type.VarType;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.drools.mvel.parser.ast.expr.BigDecimalLiteralExpr;
import org.drools.mvel.parser.ast.expr.BigIntegerLiteralExpr;
import org.drools.mvel.parser.ast.expr.DrlxExpression;
import org.drools.mvel.parser.ast.expr.HalfBinaryExpr;
import org.drools.mvel.parser.ast.expr.HalfPointFreeExpr;
import org.drools.mvel.parser.ast.expr.InlineCastExpr;
import org.drools.mvel.parser.ast.expr.ListCreationLiteralExpression;
import org.drools.mvel.parser.ast.expr.ListCreationLiteralExpressionElement;
import org.drools.mvel.parser.ast.expr.MapCreationLiteralExpression;
import org.drools.mvel.parser.ast.expr.MapCreationLiteralExpressionKeyValuePair;
import org.drools.mvel.parser.ast.expr.ModifyStatement;
import org.drools.mvel.parser.ast.expr.NullSafeFieldAccessExpr;
import org.drools.mvel.parser.ast.expr.NullSafeMethodCallExpr;
import org.drools.mvel.parser.ast.expr.PointFreeExpr;
import org.drools.mvel.parser.ast.expr.TemporalLiteralExpr;
import org.drools.mvel.parser.ast.expr.WithStatement;

/**
 * Checks one piece of rule code (a condition, an eval, a from, a consequence, a function body) on its parse
 * tree, giving every expression its static type by reflection on the allowed types. Whatever cannot be typed
 * as an allowed type, or is a kind of code rules may not contain (loops, try, lambdas, class literals, anonymous
 * classes, sized arrays), is a violation at its line. Nothing that cannot be resolved is let through.
 */
final class CodeChecker {

    /** The names in reach of one piece of code. */
    static final class Scope {
        private final Scope parent;
        private final Map<String, Class<?>> vars = new HashMap<>();
        final Map<String, Class<?>> types;
        final List<String> wildcardPackages;
        final Map<String, Class<?>> functions;
        /** The pattern's fact type (a constraint) or the modified fact (a modify block); names resolve on it. */
        final Class<?> self;
        /** Whether the helper's macros (insert, update, delete...) may be called unqualified. */
        final boolean consequence;

        Scope(Map<String, Class<?>> types, List<String> wildcardPackages, Map<String, Class<?>> functions) {
            this(null, types, wildcardPackages, functions, null, false);
        }

        private Scope(Scope parent, Map<String, Class<?>> types, List<String> wildcardPackages,
                Map<String, Class<?>> functions, Class<?> self, boolean consequence) {
            this.parent = parent;
            this.types = types;
            this.wildcardPackages = wildcardPackages;
            this.functions = functions;
            this.self = self;
            this.consequence = consequence;
        }

        Scope child() {
            return new Scope(this, types, wildcardPackages, functions, self, consequence);
        }

        Scope on(Class<?> fact) {
            return new Scope(this, types, wildcardPackages, functions, fact, consequence);
        }

        Scope asConsequence() {
            Scope s = new Scope(this, types, wildcardPackages, functions, null, true);
            s.define("drools", SandboxTypes.HELPER);
            s.define("kcontext", SandboxTypes.CONTEXT);
            return s;
        }

        void define(String name, Class<?> type) {
            vars.put(name, type);
        }

        /** Makes the names defined here (a pattern's bindings) visible in {@code target}. */
        void exportTo(Scope target) {
            target.vars.putAll(vars);
        }

        Class<?> var(String name) {
            for (Scope s = this; s != null; s = s.parent) {
                Class<?> t = s.vars.get(name);
                if (t != null) {
                    return t;
                }
            }
            return null;
        }

        /** An allowed type by the name written in the code: imported, java.lang, or fully qualified. */
        Class<?> type(String written) {
            Class<?> t = types.get(written);
            if (t != null) {
                return t;
            }
            if (written.contains(".")) {
                int dot = written.indexOf('.');
                Class<?> outer = types.get(written.substring(0, dot));
                if (outer != null) {
                    return SandboxTypes.byName(outer.getName() + "." + written.substring(dot + 1));
                }
                return SandboxTypes.byName(written);
            }
            for (String pkg : wildcardPackages) {
                Class<?> w = SandboxTypes.byName(pkg + "." + written);
                if (w != null) {
                    return w;
                }
            }
            return SandboxTypes.byName("java.lang." + written);
        }
    }

    /** The value an expression stands for: a typed value, a type (static access), or part of a package name. */
    private record Meaning(Class<?> value, Class<?> type, String packagePrefix) {
        static Meaning of(Class<?> value) {
            return new Meaning(value, null, null);
        }
    }

    /** The call {@link RuleSandbox} writes for a {@code modify} or {@code with} block. */
    static final String MODIFY = "__modify__";
    private static final Meaning UNTYPED = Meaning.of(Object.class);
    /** What a refused use stands for: nothing more is said of what follows from it (one violation, not a cascade). */
    private static final Meaning REFUSED = new Meaning(Object.class, null, null);
    private static final Set<String> ROOT_PACKAGES = Set.of("java", "javax", "jdk", "sun", "com", "org", "net", "io");
    private static final Set<String> HELPER_MACROS = Set.of("insert", "insertLogical", "update", "delete", "retract",
            "halt");
    private static final List<String> IMPLICIT_PACKAGES = List.of("java.lang", "java.lang.reflect", "java.lang.invoke",
            "java.util", "java.util.concurrent", "java.util.stream", "java.io", "java.nio.file", "java.net");

    private final int firstLine;
    private final List<RuleSandbox.Violation> violations;
    /** Functions this code calls, for the recursion check. */
    final Set<String> calledFunctions = new java.util.LinkedHashSet<>();

    CodeChecker(int firstLine, List<RuleSandbox.Violation> violations) {
        this.firstLine = firstLine;
        this.violations = violations;
    }

    private void refuse(Node node, String token, String message) {
        int line = firstLine + node.getBegin().map(p -> Math.max(0, p.line - 1)).orElse(0);
        violations.add(new RuleSandbox.Violation(line, token, message));
    }

    // ---- statements ---------------------------------------------------------------------------------------

    void block(BlockStmt block, Scope scope) {
        Scope inner = scope.child();
        for (Statement s : block.getStatements()) {
            statement(s, inner);
        }
    }

    private void statement(Statement s, Scope scope) {
        if (s instanceof BlockStmt b) {
            block(b, scope);
        } else if (s instanceof ExpressionStmt e) {
            expression(e.getExpression(), scope);
        } else if (s instanceof IfStmt i) {
            expression(i.getCondition(), scope);
            statement(i.getThenStmt(), scope.child());
            i.getElseStmt().ifPresent(e -> statement(e, scope.child()));
        } else if (s instanceof ReturnStmt r) {
            r.getExpression().ifPresent(e -> expression(e, scope));
        } else if (s instanceof ThrowStmt t) {
            expression(t.getExpression(), scope);
        } else if (s instanceof SwitchStmt sw) {
            expression(sw.getSelector(), scope);
            for (SwitchEntry entry : sw.getEntries()) {
                Scope inner = scope.child();
                entry.getStatements().forEach(st -> statement(st, inner));
            }
        } else if (s instanceof BreakStmt b && b.getLabel().isEmpty() || s instanceof EmptyStmt) {
            // nothing to check
        } else if (s instanceof ModifyStatement m) {
            modify(m.getModifyObject(), m.getExpressions(), scope);
        } else if (s instanceof WithStatement w) {
            modify(w.getWithObject(), w.getExpressions(), scope);
        } else if (s.isForStmt() || s.isForEachStmt() || s.isWhileStmt() || s.isDoStmt()) {
            refuse(s, "loop", "loops are not allowed in rules: a rule fires once for each match of its conditions, "
                    + "so write the condition that matches each case");
        } else {
            String kind = s.getClass().getSimpleName().replace("Stmt", "").toLowerCase(java.util.Locale.ROOT);
            refuse(s, kind, "'" + kind + "' statements are not allowed in rules; rule actions may declare variables, "
                    + "call methods of the facts, insert, update and delete facts, and use if/else");
        }
    }

    private void modify(Expression target, List<Statement> changes, Scope scope) {
        Class<?> fact = value(target, scope);
        Scope on = scope.on(fact);
        for (Statement s : changes) {
            statement(s, on);
        }
    }

    // ---- expressions --------------------------------------------------------------------------------------

    /** Checks an expression that must stand for a value and returns its static type. */
    Class<?> expression(Expression e, Scope scope) {
        return value(e, scope);
    }

    private Class<?> value(Expression e, Scope scope) {
        Meaning m = meaning(e, scope);
        if (m == REFUSED) {
            return Object.class;
        }
        if (m.value() != null) {
            return m.value();
        }
        if (m.type() != null) {
            refuse(e, text(e), "'" + text(e) + "' is a type, not a value");
        } else {
            refuse(e, text(e), "'" + text(e) + "' is not a binding, a field or a type rules may use");
        }
        return Object.class;
    }

    private Meaning meaning(Expression e, Scope scope) {
        if (e instanceof DrlxExpression d) {
            Class<?> type = value(d.getExpr(), scope);
            if (d.getBind() != null) {
                scope.define(d.getBind().getIdentifier(), type);
            }
            return Meaning.of(type);
        }
        if (e instanceof NameExpr n) {
            return name(n, n.getNameAsString(), scope);
        }
        if (e instanceof FieldAccessExpr f) {
            return member(f, meaning(f.getScope(), scope), f.getNameAsString(), scope);
        }
        if (e instanceof NullSafeFieldAccessExpr f) {
            return member(f, meaning(f.getScope(), scope), f.getNameAsString(), scope);
        }
        if (e instanceof MethodCallExpr c) {
            return call(c, c.getScope().orElse(null), c.getNameAsString(), c.getArguments(), scope);
        }
        if (e instanceof NullSafeMethodCallExpr c) {
            return call(c, c.getScope().orElse(null), c.getNameAsString(), c.getArguments(), scope);
        }
        if (e instanceof ObjectCreationExpr o) {
            return Meaning.of(create(o, scope));
        }
        if (e instanceof VariableDeclarationExpr v) {
            declare(v, scope);
            return Meaning.of(void.class);
        }
        if (e instanceof StringLiteralExpr || e instanceof TextBlockLiteralExpr) {
            return Meaning.of(String.class);
        }
        if (e instanceof IntegerLiteralExpr) {
            return Meaning.of(int.class);
        }
        if (e instanceof LongLiteralExpr || e instanceof TemporalLiteralExpr) {
            return Meaning.of(long.class);
        }
        if (e instanceof DoubleLiteralExpr) {
            return Meaning.of(double.class);
        }
        if (e instanceof BooleanLiteralExpr) {
            return Meaning.of(boolean.class);
        }
        if (e instanceof CharLiteralExpr) {
            return Meaning.of(char.class);
        }
        if (e instanceof NullLiteralExpr) {
            return UNTYPED;
        }
        if (e instanceof BigDecimalLiteralExpr) {
            return Meaning.of(BigDecimal.class);
        }
        if (e instanceof BigIntegerLiteralExpr) {
            return Meaning.of(BigInteger.class);
        }
        if (e instanceof EnclosedExpr en) {
            return Meaning.of(value(en.getInner(), scope));
        }
        if (e instanceof BinaryExpr b) {
            return Meaning.of(binary(b, scope));
        }
        if (e instanceof UnaryExpr u) {
            Class<?> operand = value(u.getExpression(), scope);
            return Meaning.of(u.getOperator() == UnaryExpr.Operator.LOGICAL_COMPLEMENT ? boolean.class : operand);
        }
        if (e instanceof ConditionalExpr c) {
            value(c.getCondition(), scope);
            Class<?> then = value(c.getThenExpr(), scope);
            value(c.getElseExpr(), scope);
            return Meaning.of(then);
        }
        if (e instanceof CastExpr c) {
            value(c.getExpression(), scope);
            return Meaning.of(type(c.getType(), scope, c));
        }
        if (e instanceof InlineCastExpr c) {
            value(c.getExpression(), scope);
            return Meaning.of(type(c.getType(), scope, c));
        }
        if (e instanceof InstanceOfExpr i) {
            value(i.getExpression(), scope);
            type(i.getType(), scope, i);
            return Meaning.of(boolean.class);
        }
        if (e instanceof AssignExpr a) {
            Class<?> target = value(a.getTarget(), scope);
            value(a.getValue(), scope);
            return Meaning.of(target);
        }
        if (e instanceof ArrayAccessExpr a) {
            Class<?> array = value(a.getName(), scope);
            value(a.getIndex(), scope);
            return Meaning.of(array.isArray() ? array.getComponentType() : Object.class);
        }
        if (e instanceof ArrayCreationExpr a) {
            Class<?> element = type(a.getElementType(), scope, a);
            if (a.getInitializer().isEmpty()) {
                refuse(a, "new " + a.getElementType() + "[]", "arrays may be created only from their elements "
                        + "({ a, b, c }), not by size");
            } else {
                value(a.getInitializer().get(), scope);
            }
            return Meaning.of(Array.newInstance(element, new int[a.getLevels().size()]).getClass());
        }
        if (e instanceof ArrayInitializerExpr a) {
            a.getValues().forEach(v -> value(v, scope));
            return Meaning.of(Object[].class);
        }
        if (e instanceof PointFreeExpr p) {
            value(p.getLeft(), scope);
            p.getRight().forEach(r -> value(r, scope));
            return Meaning.of(boolean.class);
        }
        if (e instanceof HalfBinaryExpr h) {
            value(h.getRight(), scope);
            return Meaning.of(boolean.class);
        }
        if (e instanceof HalfPointFreeExpr h) {
            h.getRight().forEach(r -> value(r, scope));
            return Meaning.of(boolean.class);
        }
        if (e instanceof ListCreationLiteralExpression l) {
            for (Node element : l.getExpressions()) {
                if (element instanceof ListCreationLiteralExpressionElement el) {
                    value(el.getValue(), scope);
                }
            }
            return Meaning.of(List.class);
        }
        if (e instanceof MapCreationLiteralExpression m) {
            for (Node entry : m.getExpressions()) {
                if (entry instanceof MapCreationLiteralExpressionKeyValuePair kv) {
                    value(kv.getKey(), scope);
                    value(kv.getValue(), scope);
                }
            }
            return Meaning.of(Map.class);
        }
        if (e instanceof ThisExpr t && t.getTypeName().isEmpty() && scope.self != null) {
            return Meaning.of(scope.self);
        }
        String kind = kindOf(e);
        refuse(e, text(e), kind + " may not be used in rules (" + text(e) + ")");
        return REFUSED;
    }

    static String text(Node node) {
        try {
            return org.drools.mvel.parser.printer.PrintUtil.printNode(node);
        } catch (RuntimeException e) {
            return node.getClass().getSimpleName();
        }
    }

    private static String kindOf(Expression e) {
        if (e.isClassExpr()) {
            return "a class literal";
        }
        if (e.isLambdaExpr() || e.isMethodReferenceExpr()) {
            return "a lambda or method reference";
        }
        if (e.isThisExpr() || e.isSuperExpr()) {
            return "'this' or 'super' of the generated code";
        }
        return "this kind of expression (" + e.getClass().getSimpleName().replace("Expr", "") + ")";
    }

    private Meaning name(Node node, String name, Scope scope) {
        Class<?> var = scope.var(name);
        if (var != null) {
            return Meaning.of(var);
        }
        if (scope.self != null) {
            Method getter = SandboxTypes.property(scope.self, name);
            if (getter != null) {
                return maybe(result(node, scope.self, List.of(getter)));
            }
            Field field = SandboxTypes.field(scope.self, name);
            if (field != null) {
                return maybe(fieldType(node, field));
            }
        }
        Class<?> type = scope.type(name);
        if (type != null) {
            return new Meaning(null, type, null);
        }
        if (ROOT_PACKAGES.contains(name)) {
            return new Meaning(null, null, name);
        }
        if (Character.isUpperCase(name.charAt(0)) && reachableByItsSimpleName(name)) {
            refuse(node, name, "'" + name + "' is not a type rules may use: rules may use only " + SandboxTypes.ALLOWED);
            return REFUSED;
        }
        if (scope.self != null) {
            refuse(node, name, "'" + scope.self.getSimpleName() + "' has no field '" + name + "'"
                    + suggestion(name, SandboxTypes.propertyNames(scope.self)));
        } else {
            refuse(node, name, "'" + name + "' is not a binding, a variable or a type rules may use");
        }
        return REFUSED;
    }

    private static Meaning maybe(Class<?> type) {
        return type == null ? REFUSED : Meaning.of(type);
    }

    private Meaning member(Expression node, Meaning of, String name, Scope scope) {
        if (of == REFUSED) {
            return REFUSED;
        }
        if (of.packagePrefix() != null) {
            String qualified = of.packagePrefix() + "." + name;
            if (Character.isUpperCase(name.charAt(0))) {
                Class<?> exists = SandboxTypes.load(qualified);
                if (exists != null) {
                    if (SandboxTypes.allowed(exists)) {
                        return new Meaning(null, exists, null);
                    }
                    refuse(node, qualified, "'" + qualified + "' is outside what rules may use: " + SandboxTypes.ALLOWED);
                    return REFUSED;
                }
            }
            return new Meaning(null, null, qualified);
        }
        if (of.type() != null) {
            Class<?> nested = SandboxTypes.load(of.type().getName() + "$" + name);
            if (nested != null) {
                if (SandboxTypes.allowed(nested)) {
                    return new Meaning(null, nested, null);
                }
                refuse(node, name, "'" + nested.getName() + "' is outside what rules may use");
                return REFUSED;
            }
            Field field = SandboxTypes.field(of.type(), name);
            if (field != null && Modifier.isStatic(field.getModifiers())) {
                return maybe(fieldType(node, field));
            }
            refuse(node, name, "'" + of.type().getSimpleName() + "' has no constant '" + name + "'");
            return REFUSED;
        }
        Class<?> owner = boxed(of.value());
        if (owner.isArray() && name.equals("length")) {
            return Meaning.of(int.class);
        }
        if (!allowedOwner(node, owner, name)) {
            return REFUSED;
        }
        Field field = SandboxTypes.field(owner, name);
        if (field != null) {
            return maybe(fieldType(node, field));
        }
        Method getter = SandboxTypes.property(owner, name);
        if (getter != null) {
            return maybe(result(node, owner, List.of(getter)));
        }
        refuse(node, name, "'" + owner.getSimpleName() + "' has no field '" + name + "'"
                + suggestion(name, SandboxTypes.propertyNames(owner)));
        return REFUSED;
    }

    private Meaning call(Expression node, Expression target, String name, List<Expression> args, Scope scope) {
        if (target == null && name.equals(MODIFY) && scope.consequence && !args.isEmpty()) {
            // modify($fact) { setA(1), setB(2) }, rewritten by RuleSandbox: the changes are calls on the fact.
            Class<?> fact = value(args.get(0), scope);
            Scope on = scope.on(fact);
            for (Expression change : args.subList(1, args.size())) {
                value(change, on);
            }
            return Meaning.of(void.class);
        }
        List<Class<?>> argTypes = new ArrayList<>();
        for (Expression arg : args) {
            argTypes.add(value(arg, scope));
        }
        if (target == null) {
            if (scope.consequence && HELPER_MACROS.contains(name) && scope.self == null) {
                return Meaning.of(void.class);
            }
            if (scope.functions.containsKey(name)) {
                calledFunctions.add(name);
                return Meaning.of(scope.functions.get(name));
            }
            if (scope.self != null) {
                return maybe(invoke(node, scope.self, name, argTypes, false));
            }
            refuse(node, name, "'" + name + "' is not a function of this rule file");
            return REFUSED;
        }
        Meaning of = meaning(target, scope);
        if (of == REFUSED) {
            return REFUSED;
        }
        if (of.type() != null) {
            return maybe(invoke(node, of.type(), name, argTypes, true));
        }
        if (of.value() != null) {
            return maybe(invoke(node, boxed(of.value()), name, argTypes, false));
        }
        refuse(node, of.packagePrefix(), "'" + of.packagePrefix() + "' is not a type rules may use");
        return REFUSED;
    }

    private Class<?> invoke(Node node, Class<?> owner, String name, List<Class<?>> argTypes, boolean statics) {
        if (!allowedOwner(node, owner, name)) {
            return null;
        }
        List<Method> candidates = SandboxTypes.methods(owner, name, argTypes.size(), statics);
        if (candidates.isEmpty()) {
            refuse(node, name, "'" + owner.getSimpleName() + "' has no " + (statics ? "static " : "") + "method '"
                    + name + "' taking " + argTypes.size() + " argument" + (argTypes.size() == 1 ? "" : "s"));
            return null;
        }
        // Every overload the compiler could choose must be allowed; the arguments then tell the result's type.
        if (result(node, owner, candidates) == null) {
            return null;
        }
        Class<?> type = null;
        for (Method m : pick(candidates, argTypes)) {
            type = type == null || type == m.getReturnType() ? m.getReturnType() : Object.class;
        }
        return type;
    }

    /** The overloads the arguments fit, or all of them when the arguments' types do not tell. */
    private static List<Method> pick(List<Method> candidates, List<Class<?>> argTypes) {
        List<Method> fitting = new ArrayList<>();
        for (Method m : candidates) {
            Class<?>[] params = m.getParameterTypes();
            boolean fits = !m.isVarArgs() && params.length == argTypes.size();
            for (int i = 0; fits && i < params.length; i++) {
                fits = boxed(params[i]).isAssignableFrom(boxed(argTypes.get(i))) || argTypes.get(i) == Object.class;
            }
            if (fits) {
                fitting.add(m);
            }
        }
        return fitting.isEmpty() ? candidates : fitting;
    }

    /** The result type of a call that may be any of {@code candidates}; each must return an allowed type. */
    private Class<?> result(Node node, Class<?> owner, List<Method> candidates) {
        Class<?> type = null;
        for (Method m : candidates) {
            String refusal = SandboxTypes.refusal(m.getDeclaringClass(), m.getName());
            if (refusal == null) {
                refusal = SandboxTypes.refusal(owner, m.getName());
            }
            if (refusal != null) {
                refuse(node, m.getName(), refusal);
                return null;
            }
            if (!SandboxTypes.allowed(m.getReturnType())) {
                refuse(node, m.getName(), "'" + owner.getSimpleName() + "." + m.getName() + "' gives a "
                        + m.getReturnType().getName() + ", which rules may not use");
                return null;
            }
            type = type == null || type == m.getReturnType() ? m.getReturnType() : Object.class;
        }
        return type;
    }

    private boolean allowedOwner(Node node, Class<?> owner, String member) {
        if (!SandboxTypes.allowed(owner)) {
            refuse(node, member, "'" + member + "' of " + owner.getName() + " may not be used: rules may use only "
                    + SandboxTypes.ALLOWED);
            return false;
        }
        String refusal = SandboxTypes.refusal(owner, member);
        if (refusal != null) {
            refuse(node, member, refusal);
            return false;
        }
        return true;
    }

    private Class<?> fieldType(Node node, Field field) {
        if (!SandboxTypes.allowed(field.getType())) {
            refuse(node, field.getName(), "'" + field.getName() + "' is a " + field.getType().getName()
                    + ", which rules may not use");
            return null;
        }
        return field.getType();
    }

    private Class<?> create(ObjectCreationExpr o, Scope scope) {
        o.getArguments().forEach(a -> value(a, scope));
        if (o.getAnonymousClassBody().isPresent() || o.getScope().isPresent()) {
            refuse(o, "new " + o.getType(), "anonymous and inner classes may not be created in rules");
            return Object.class;
        }
        Class<?> type = type(o.getType(), scope, o);
        if (type == Object.class && !o.getType().getNameAsString().equals("Object")) {
            return Object.class;
        }
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            refuse(o, "new " + o.getType(), "'" + type.getSimpleName() + "' cannot be created: it is abstract");
            return Object.class;
        }
        List<Constructor<?>> constructors = SandboxTypes.constructors(type, o.getArguments().size());
        if (constructors.isEmpty()) {
            refuse(o, "new " + o.getType(), "'" + type.getSimpleName() + "' has no public constructor taking "
                    + o.getArguments().size() + " arguments");
        }
        return type;
    }

    private void declare(VariableDeclarationExpr v, Scope scope) {
        for (VariableDeclarator d : v.getVariables()) {
            Class<?> declared = d.getType() instanceof VarType ? null : type(d.getType(), scope, d);
            Class<?> init = d.getInitializer().map(i -> value(i, scope)).orElse(null);
            scope.define(d.getNameAsString(), declared != null ? declared : init != null ? init : Object.class);
        }
    }

    /** The allowed class a written type names; a violation when it is not allowed or not known. */
    Class<?> type(Type type, Scope scope, Node at) {
        if (type instanceof PrimitiveType p) {
            return switch (p.getType()) {
                case BOOLEAN -> boolean.class;
                case CHAR -> char.class;
                case BYTE -> byte.class;
                case SHORT -> short.class;
                case INT -> int.class;
                case LONG -> long.class;
                case FLOAT -> float.class;
                case DOUBLE -> double.class;
            };
        }
        if (type instanceof ArrayType a) {
            return Array.newInstance(type(a.getComponentType(), scope, at), 0).getClass();
        }
        if (type instanceof ClassOrInterfaceType c) {
            c.getTypeArguments().ifPresent(args -> args.forEach(t -> type(t, scope, at)));
            String written = c.getNameWithScope();
            return typeNamed(written, scope, at);
        }
        refuse(at, type.toString(), "the type '" + type + "' may not be used in rules");
        return Object.class;
    }

    /** An allowed type by its written (simple or qualified) name. */
    Class<?> typeNamed(String written, Scope scope, Node at) {
        Class<?> found = scope.type(written);
        if (found != null) {
            return found;
        }
        boolean exists = SandboxTypes.load(written) != null || !written.contains(".") && reachableByItsSimpleName(written);
        refuse(at, written, exists
                ? "'" + written + "' is not a type rules may use: rules may use only " + SandboxTypes.ALLOWED
                : "'" + written + "' is not a known type: import a domain fact type or use " + SandboxTypes.ALLOWED);
        return Object.class;
    }

    private Class<?> binary(BinaryExpr b, Scope scope) {
        Class<?> left = boxed(value(b.getLeft(), scope));
        Class<?> right = boxed(value(b.getRight(), scope));
        return switch (b.getOperator()) {
            case OR, AND, EQUALS, NOT_EQUALS, LESS, GREATER, LESS_EQUALS, GREATER_EQUALS -> boolean.class;
            case PLUS -> left == String.class || right == String.class ? String.class : numeric(left, right);
            default -> numeric(left, right);
        };
    }

    private static Class<?> numeric(Class<?> left, Class<?> right) {
        if (left == BigDecimal.class || right == BigDecimal.class) {
            return BigDecimal.class;
        }
        if (left == Double.class || right == Double.class || left == Float.class || right == Float.class) {
            return double.class;
        }
        if (left == Long.class || right == Long.class) {
            return long.class;
        }
        return left == Boolean.class ? boolean.class : int.class;
    }

    static Class<?> boxed(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return switch (type.getName()) {
            case "int" -> Integer.class;
            case "long" -> Long.class;
            case "double" -> Double.class;
            case "float" -> Float.class;
            case "boolean" -> Boolean.class;
            case "char" -> Character.class;
            case "short" -> Short.class;
            case "byte" -> Byte.class;
            default -> Void.class;
        };
    }

    /** Whether a simple name that is not allowed names a JDK type a rule could reach without an import. */
    static boolean reachableByItsSimpleName(String name) {
        for (String pkg : IMPLICIT_PACKAGES) {
            try {
                Class.forName(pkg + "." + name, false, ClassLoader.getPlatformClassLoader());
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                // not in this package
            }
        }
        return false;
    }

    private static String suggestion(String name, List<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = PlainWords.distance(name.toLowerCase(java.util.Locale.ROOT), c.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best != null && bestDistance <= Math.max(2, name.length() / 3) ? "; did you mean '" + best + "'?" : "";
    }
}
