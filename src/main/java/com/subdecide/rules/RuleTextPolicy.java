package com.subdecide.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rule text is code, so it may only reach what a business rule needs: the domain facts, {@code java.lang.Math},
 * {@code java.math}, {@code java.time}, strings, numbers and collections. Anything else (System, Runtime,
 * threads, reflection, class loading, files, network) is refused with the line that reaches it, before the
 * rule set is compiled. The check is an allowlist of types plus a denylist of the calls that lead from an
 * allowed object to a forbidden one ({@code getClass}, {@code forName}, ...).
 */
final class RuleTextPolicy {

    /** What rules may use, in words, for messages and the analyst guide. */
    static final String ALLOWED = "the domain facts, java.lang.Math, java.math, java.time, strings, numbers and collections";

    /** One offending use: the 1-based line and the text that offends. */
    record Violation(int line, String token, String message) {
    }

    private static final Set<String> JAVA_LANG = Set.of("Math", "StrictMath", "String", "StringBuilder",
            "CharSequence", "Integer", "Long", "Double", "Float", "Short", "Byte", "Boolean", "Character", "Number",
            "Object", "Comparable", "Iterable", "Enum");

    private static final Set<String> JAVA_UTIL = Set.of("List", "ArrayList", "LinkedList", "Map", "HashMap",
            "LinkedHashMap", "TreeMap", "SortedMap", "NavigableMap", "Set", "HashSet", "LinkedHashSet", "TreeSet",
            "SortedSet", "NavigableSet", "Collection", "Collections", "Arrays", "Optional", "OptionalInt",
            "OptionalLong", "OptionalDouble", "Objects", "Comparator", "Iterator", "Queue", "Deque", "ArrayDeque",
            "PriorityQueue", "Currency", "Locale", "UUID", "StringJoiner");

    /** Packages every public type of which is allowed. */
    private static final List<String> ALLOWED_PACKAGES = List.of("java.math", "java.time", "java.time.format",
            "java.time.temporal", "java.util.function", "java.util.stream");

    /** Domain fact packages: {@code com.subdecide.<area>.domain}. */
    private static final Pattern DOMAIN_PACKAGE = Pattern.compile("com\\.subdecide\\.[a-z]+\\.domain");

    /** Calls that lead from any object to reflection, class loading or the process. */
    private static final Set<String> DENIED_MEMBERS = Set.of("getClass", "class", "forName", "getClassLoader",
            "loadClass", "defineClass", "getDeclaredMethod", "getDeclaredMethods", "getDeclaredField",
            "getDeclaredFields", "getDeclaredConstructor", "getDeclaredConstructors", "getMethod", "getMethods",
            "getField", "getFields", "getConstructor", "getConstructors", "invoke", "invokeExact",
            "invokeWithArguments", "setAccessible", "newInstance", "exec", "exit", "halt", "getRuntime",
            "getenv", "getProperty", "setProperty", "load", "loadLibrary", "lookup", "getModule");

    /** First segments of a fully qualified name. */
    private static final Set<String> ROOT_PACKAGES = Set.of("java", "javax", "jdk", "sun", "com", "org", "net",
            "io", "groovy", "kotlin", "scala");

    private static final Pattern IMPORT = Pattern.compile(
            "^\\s*import\\s+(static\\s+|function\\s+|accumulate\\s+)?([\\w.$]+(?:\\.\\*)?)\\s*;?", Pattern.MULTILINE);
    private static final Pattern DECLARE = Pattern.compile("\\bdeclare\\s+(?:enum\\s+|trait\\s+)?([A-Za-z_$][\\w$]*)");
    private static final Pattern NAME_CHAIN = Pattern.compile(
            "(?<![\\w$@.])([A-Za-z_$][\\w$]*(?:\\s*\\.\\s*[A-Za-z_$][\\w$]*)*)");

    private RuleTextPolicy() {
    }

    static List<Violation> check(String drl) {
        String code = blankCommentsAndStrings(drl);
        List<Violation> violations = new ArrayList<>();
        Set<String> types = new HashSet<>(JAVA_LANG);

        Matcher declared = DECLARE.matcher(code);
        while (declared.find()) {
            types.add(declared.group(1));
        }
        StringBuilder body = new StringBuilder(code);
        Matcher imports = IMPORT.matcher(code);
        while (imports.find()) {
            String name = imports.group(2);
            boolean isStatic = imports.group(1) != null;
            String type = typeOfImport(name, isStatic);
            if (!allowedType(type)) {
                violations.add(new Violation(lineOf(code, imports.start(2)), name,
                        "'" + name + "' cannot be imported: rules may use only " + ALLOWED));
            } else if (!name.endsWith(".*")) {
                types.add(isStatic ? simpleName(type) : simpleName(name));
            }
            for (int i = imports.start(); i < imports.end(); i++) {
                if (body.charAt(i) != '\n') {
                    body.setCharAt(i, ' ');
                }
            }
        }
        blankPackageLine(body);

        Matcher chains = NAME_CHAIN.matcher(body);
        while (chains.find()) {
            String[] parts = chains.group(1).split("\\s*\\.\\s*");
            int line = lineOf(code, chains.start(1));
            String chain = String.join(".", parts);
            Violation violation = checkChain(parts, chain, types, line);
            if (violation != null) {
                violations.add(violation);
            }
        }
        return violations;
    }

    private static Violation checkChain(String[] parts, String chain, Set<String> types, int line) {
        String first = parts[0];
        if (parts.length > 1 && ROOT_PACKAGES.contains(first)) {
            int typeAt = 1;
            while (typeAt < parts.length && !Character.isUpperCase(parts[typeAt].charAt(0))) {
                typeAt++;
            }
            String type = String.join(".", java.util.Arrays.copyOf(parts, Math.min(typeAt + 1, parts.length)));
            if (!allowedType(type)) {
                return new Violation(line, chain, "'" + chain + "' is outside what rules may use: " + ALLOWED);
            }
        } else if (Character.isUpperCase(first.charAt(0)) && !types.contains(first) && !isConstantName(first)
                && reachableByItsSimpleName(first)) {
            return new Violation(line, first, "'" + first + "' is not a type rules may use: rules may use only "
                    + ALLOWED);
        }
        for (int i = 1; i < parts.length; i++) {
            if (DENIED_MEMBERS.contains(parts[i])) {
                return new Violation(line, parts[i], "'" + chain + "' reaches '" + parts[i]
                        + "', which rules may not call: rules may use only " + ALLOWED);
            }
        }
        if (parts.length == 1 && DENIED_MEMBERS.contains(first) && !first.equals("class")) {
            return new Violation(line, first, "'" + first + "' may not be called from rules: rules may use only "
                    + ALLOWED);
        }
        return null;
    }

    /** Packages whose types a simple name could reach without an import (and those worth refusing by name). */
    private static final List<String> IMPLICIT_PACKAGES = List.of("java.lang", "java.lang.reflect", "java.lang.invoke",
            "java.util", "java.util.concurrent", "java.io", "java.nio.file", "java.net");

    /**
     * A simple name that is neither imported nor declared is refused when it names a JDK type outside the
     * allowlist; anything else is left to the compiler, which reports it as an unknown type in plain words.
     */
    private static boolean reachableByItsSimpleName(String name) {
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

    /** ALL_CAPS names are enum constants or constants of an allowed type, never a type in Java style. */
    private static boolean isConstantName(String name) {
        return name.length() > 1 && name.equals(name.toUpperCase(java.util.Locale.ROOT)) && name.chars().anyMatch(c -> c == '_');
    }

    private static String typeOfImport(String name, boolean isStatic) {
        if (isStatic || name.endsWith(".*")) {
            return name.substring(0, name.lastIndexOf('.'));
        }
        return name;
    }

    static boolean allowedType(String qualified) {
        int cut = qualified.lastIndexOf('.');
        if (cut < 0) {
            return JAVA_LANG.contains(qualified);
        }
        String pkg = qualified.substring(0, cut);
        String simple = qualified.substring(cut + 1);
        // A nested type (WatchTitle.Priority) is allowed when its outer type is.
        if (!pkg.isEmpty() && Character.isUpperCase(simpleName(pkg).charAt(0))) {
            return allowedType(pkg);
        }
        if (pkg.equals("java.lang")) {
            return JAVA_LANG.contains(simple);
        }
        if (pkg.equals("java.util")) {
            return JAVA_UTIL.contains(simple);
        }
        return ALLOWED_PACKAGES.contains(pkg) || DOMAIN_PACKAGE.matcher(pkg).matches()
                || DOMAIN_PACKAGE.matcher(qualified).matches() && simple.equals("*");
    }

    private static String simpleName(String qualified) {
        return qualified.substring(qualified.lastIndexOf('.') + 1);
    }

    private static void blankPackageLine(StringBuilder body) {
        Matcher pkg = Pattern.compile("^\\s*package\\s+[\\w.]+\\s*;?", Pattern.MULTILINE).matcher(body);
        if (pkg.find()) {
            for (int i = pkg.start(); i < pkg.end(); i++) {
                if (body.charAt(i) != '\n') {
                    body.setCharAt(i, ' ');
                }
            }
        }
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /**
     * The DRL with comments, string and character literals, and quoted rule names replaced by spaces (line
     * breaks kept, so offsets and line numbers stay true).
     */
    static String blankCommentsAndStrings(String drl) {
        StringBuilder out = new StringBuilder(drl);
        int i = 0;
        int n = drl.length();
        while (i < n) {
            char c = drl.charAt(i);
            if (c == '/' && i + 1 < n && drl.charAt(i + 1) == '/') {
                while (i < n && drl.charAt(i) != '\n') {
                    out.setCharAt(i++, ' ');
                }
            } else if (c == '/' && i + 1 < n && drl.charAt(i + 1) == '*') {
                int end = drl.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                for (; i < end; i++) {
                    if (drl.charAt(i) != '\n') {
                        out.setCharAt(i, ' ');
                    }
                }
            } else if (c == '"' || c == '\'') {
                out.setCharAt(i++, ' ');
                while (i < n && drl.charAt(i) != c && drl.charAt(i) != '\n') {
                    if (drl.charAt(i) == '\\' && i + 1 < n) {
                        out.setCharAt(i++, ' ');
                    }
                    out.setCharAt(i++, ' ');
                }
                if (i < n && drl.charAt(i) == c) {
                    out.setCharAt(i++, ' ');
                }
            } else {
                i++;
            }
        }
        return out.toString();
    }
}
