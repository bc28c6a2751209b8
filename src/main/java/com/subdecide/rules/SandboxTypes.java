package com.subdecide.rules;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.drools.core.rule.consequence.KnowledgeHelper;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.rule.RuleContext;

/**
 * What rule text may touch, by type and member: the domain facts ({@code com.subdecide.<area>.domain}),
 * strings, numbers, {@code java.lang.Math}, {@code java.math}, {@code java.time} and the collections of
 * {@code java.util}. Every member is looked up by reflection on its declaring type, so a call is allowed only
 * when its owner and every overload's result are allowed types, and it is not one of the calls that lead out
 * (reflection, global state) or that make unbounded work from one call (repeat, nCopies).
 */
final class SandboxTypes {

    /** What rules may use, in words, for messages and the analyst guide. */
    static final String ALLOWED = "the domain facts, java.lang.Math, java.math, java.time, strings, numbers and collections";

    private static final Set<String> JAVA_LANG = Set.of("Math", "StrictMath", "String", "StringBuilder",
            "CharSequence", "Integer", "Long", "Double", "Float", "Short", "Byte", "Boolean", "Character", "Number",
            "Object", "Comparable", "Iterable", "Enum", "RuntimeException", "IllegalArgumentException",
            "IllegalStateException", "ArithmeticException", "UnsupportedOperationException");

    private static final Set<String> JAVA_UTIL = Set.of("List", "ArrayList", "LinkedList", "Map", "HashMap",
            "LinkedHashMap", "TreeMap", "SortedMap", "NavigableMap", "Set", "HashSet", "LinkedHashSet", "TreeSet",
            "SortedSet", "NavigableSet", "Collection", "Collections", "Arrays", "Optional", "OptionalInt",
            "OptionalLong", "OptionalDouble", "Objects", "Iterator", "Queue", "Deque", "ArrayDeque",
            "PriorityQueue", "Currency", "Locale", "UUID", "StringJoiner", "Map$Entry", "AbstractMap$SimpleEntry");

    /** Packages every public type of which is allowed. */
    private static final Set<String> ALLOWED_PACKAGES = Set.of("java.math", "java.time", "java.time.format",
            "java.time.temporal", "java.time.chrono");

    /** Domain fact packages: {@code com.subdecide.<area>.domain}. */
    private static final Pattern DOMAIN_PACKAGE = Pattern.compile("com\\.subdecide\\.[a-z]+\\.domain");

    /**
     * Members refused on every type: the way from any object to reflection and class loading, monitor calls, the
     * process-wide defaults, and single calls that make unbounded work.
     */
    private static final Set<String> DENIED_MEMBERS = Set.of("getClass", "getDeclaringClass", "describeConstable",
            "wait", "notify", "notifyAll", "finalize", "setDefault", "repeat", "nCopies");

    /** What a consequence may ask of {@code drools} (the rule's helper) and {@code kcontext}. */
    private static final Set<String> HELPER_METHODS = Set.of("insert", "insertLogical", "update", "delete", "retract",
            "getRule", "halt");
    private static final Set<String> RULE_METHODS = Set.of("getName", "getPackageName");

    private SandboxTypes() {
    }

    /** The rule's own helper, {@code drools} in a consequence; only {@link #HELPER_METHODS} may be called. */
    static final Class<?> HELPER = KnowledgeHelper.class;
    static final Class<?> CONTEXT = RuleContext.class;

    static boolean allowed(Class<?> type) {
        if (type.isPrimitive()) {
            return true;
        }
        if (type.isArray()) {
            return allowed(type.getComponentType());
        }
        if (type == HELPER || type == CONTEXT || type == Rule.class) {
            return true;
        }
        if (!Modifier.isPublic(type.getModifiers())) {
            return false;
        }
        if (type.getEnclosingClass() != null) {
            return allowed(type.getEnclosingClass()) || allowedName(type.getName());
        }
        return allowedName(type.getName());
    }

    /** Whether a class name (binary name, {@code Outer$Inner} for nested types) is an allowed type. */
    static boolean allowedName(String name) {
        int cut = name.lastIndexOf('.');
        if (cut < 0) {
            return false;
        }
        String pkg = name.substring(0, cut);
        String simple = name.substring(cut + 1);
        int nested = simple.indexOf('$');
        if (pkg.equals("java.lang")) {
            return JAVA_LANG.contains(simple);
        }
        if (pkg.equals("java.util")) {
            return JAVA_UTIL.contains(simple) || nested > 0 && JAVA_UTIL.contains(simple.substring(0, nested))
                    && JAVA_UTIL.contains(simple);
        }
        return ALLOWED_PACKAGES.contains(pkg) || DOMAIN_PACKAGE.matcher(pkg).matches();
    }

    /** The allowed type with this fully qualified (dotted) name, or {@code null}. */
    static Class<?> byName(String qualified) {
        String name = qualified;
        while (true) {
            Class<?> type = load(name);
            if (type != null) {
                return allowed(type) ? type : null;
            }
            int cut = name.lastIndexOf('.');
            if (cut < 0) {
                return null;
            }
            name = name.substring(0, cut) + "$" + name.substring(cut + 1);
            if (name.indexOf('.') < 0) {
                return null;
            }
        }
    }

    /** The type with this binary name if it exists, allowed or not (to tell "refused" from "unknown"). */
    static Class<?> load(String binaryName) {
        try {
            return Class.forName(binaryName, false, SandboxTypes.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /** Why a member may not be called, or {@code null} when it may. */
    static String refusal(Class<?> owner, String member) {
        if (owner == HELPER || owner == CONTEXT) {
            return HELPER_METHODS.contains(member) ? null
                    : "'" + member + "' of the rule's helper may not be called: rules may insert, insertLogical, update, "
                            + "delete facts and read drools.getRule().getName()";
        }
        if (owner == Rule.class) {
            return RULE_METHODS.contains(member) ? null : "'" + member + "' of a rule may not be called, only getName()";
        }
        if (DENIED_MEMBERS.contains(member)) {
            return "'" + member + "' may not be called from rules: rules may use only " + ALLOWED
                    + ", without reflection, loops or unbounded work";
        }
        return null;
    }

    /** Public methods of {@code owner} named {@code name} that can take {@code arity} arguments. */
    static List<Method> methods(Class<?> owner, String name, int arity, boolean statics) {
        List<Method> found = new ArrayList<>();
        for (Method m : owner.getMethods()) {
            if (m.getName().equals(name) && takes(m, arity) && (!statics || Modifier.isStatic(m.getModifiers()))
                    && !m.isSynthetic()) {
                found.add(m);
            }
        }
        if (owner.isInterface()) {
            for (Method m : Object.class.getMethods()) {
                if (m.getName().equals(name) && takes(m, arity) && !statics) {
                    found.add(m);
                }
            }
        }
        return found;
    }

    static List<Constructor<?>> constructors(Class<?> owner, int arity) {
        List<Constructor<?>> found = new ArrayList<>();
        for (Constructor<?> c : owner.getConstructors()) {
            if (takes(c, arity)) {
                found.add(c);
            }
        }
        return found;
    }

    private static boolean takes(Executable e, int arity) {
        return e.isVarArgs() ? arity >= e.getParameterCount() - 1 : arity == e.getParameterCount();
    }

    /** A public field, static or not, by name (enum constants and constants included). */
    static Field field(Class<?> owner, String name) {
        try {
            Field f = owner.getField(name);
            return Modifier.isPublic(f.getModifiers()) ? f : null;
        } catch (NoSuchFieldException e) {
            return null;
        }
    }

    /** The getter a property name stands for in a constraint: {@code getX()}, {@code isX()} or {@code x()}. */
    static Method property(Class<?> owner, String name) {
        String cap = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        for (String candidate : List.of("get" + cap, "is" + cap, name)) {
            for (Method m : methods(owner, candidate, 0, false)) {
                if (m.getReturnType() != void.class) {
                    return m;
                }
            }
        }
        return null;
    }

    /** Every property name of a type, for "did you mean" suggestions. */
    static List<String> propertyNames(Class<?> owner) {
        List<String> names = new ArrayList<>();
        for (Method m : owner.getMethods()) {
            if (m.getParameterCount() == 0 && m.getDeclaringClass() != Object.class) {
                String n = m.getName();
                if (n.startsWith("get") && n.length() > 3) {
                    names.add(Character.toLowerCase(n.charAt(3)) + n.substring(4));
                } else if (n.startsWith("is") && n.length() > 2) {
                    names.add(Character.toLowerCase(n.charAt(2)) + n.substring(3));
                } else {
                    names.add(n);
                }
            }
        }
        return names;
    }
}
