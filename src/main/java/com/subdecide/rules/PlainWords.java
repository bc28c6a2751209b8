package com.subdecide.rules;

import java.beans.Introspector;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Comparator;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Drools' compiler messages said the way an analyst reads them, with the nearest correct name when there is one. */
final class PlainWords {

    private static final Pattern UNKNOWN_TYPE = Pattern.compile("Unable to resolve ObjectType '([^']+)'");
    private static final Pattern UNKNOWN_FIELD = Pattern.compile(
            "unable to resolve method using strict-mode: ([\\w.$]+)\\.(\\w+)\\(\\)");
    private static final Pattern UNKNOWN_METHOD = Pattern.compile(
            "The method (\\w+)\\(([^)]*)\\) is undefined for the type (\\w+)");
    private static final Pattern SYNTAX = Pattern.compile("\\[ERR \\d+\\] Line \\d+:(\\d+) (.*)");

    private PlainWords() {
    }

    /** Names the problem; {@code knownTypes} are the fact types the rule set imports (simple name to class name). */
    static String say(String message, java.util.Map<String, String> knownTypes) {
        Matcher type = UNKNOWN_TYPE.matcher(message);
        if (type.find()) {
            return "unknown fact type '" + type.group(1) + "'" + nearest(type.group(1), knownTypes.keySet())
                    + " (a rule can match only the types its file imports)";
        }
        Matcher field = UNKNOWN_FIELD.matcher(message);
        if (field.find()) {
            String owner = field.group(1).substring(field.group(1).lastIndexOf('.') + 1);
            Set<String> fields = properties(field.group(1));
            return "'" + owner + "' has no field '" + field.group(2) + "'" + nearest(field.group(2), fields)
                    + (fields.isEmpty() ? "" : "; its fields are " + String.join(", ", fields));
        }
        Matcher method = UNKNOWN_METHOD.matcher(message);
        if (method.find()) {
            String owner = method.group(3);
            Set<String> methods = methods(knownTypes.get(owner));
            return "'" + owner + "' has no method " + method.group(1) + "(" + method.group(2) + ")"
                    + nearest(method.group(1), methods);
        }
        Matcher syntax = SYNTAX.matcher(message);
        if (syntax.find()) {
            return "syntax error at column " + syntax.group(1) + ": " + syntax.group(2);
        }
        String firstLine = message.strip().lines().findFirst().orElse(message);
        return firstLine;
    }

    private static String nearest(String wrong, Collection<String> names) {
        return names.stream()
                .filter(name -> distance(wrong.toLowerCase(), name.toLowerCase()) <= Math.max(2, wrong.length() / 3))
                .min(Comparator.comparingInt(name -> distance(wrong.toLowerCase(), name.toLowerCase())))
                .map(name -> " (did you mean '" + name + "'?)").orElse("");
    }

    private static Set<String> properties(String className) {
        Set<String> names = new TreeSet<>();
        for (Method m : publicMethods(className)) {
            String n = m.getName();
            if (m.getParameterCount() == 0 && m.getReturnType() != void.class && !n.equals("getClass")
                    && !n.equals("hashCode") && !n.equals("toString")) {
                if (n.startsWith("get") && n.length() > 3) {
                    names.add(Introspector.decapitalize(n.substring(3)));
                } else if (n.startsWith("is") && n.length() > 2) {
                    names.add(Introspector.decapitalize(n.substring(2)));
                }
            }
        }
        return names;
    }

    private static Set<String> methods(String className) {
        Set<String> names = new TreeSet<>();
        for (Method m : publicMethods(className)) {
            if (m.getDeclaringClass() != Object.class) {
                names.add(m.getName());
            }
        }
        return names;
    }

    private static Method[] publicMethods(String className) {
        if (className == null) {
            return new Method[0];
        }
        try {
            Class<?> type = Class.forName(className, false, PlainWords.class.getClassLoader());
            return java.util.Arrays.stream(type.getMethods()).filter(m -> !Modifier.isStatic(m.getModifiers()))
                    .toArray(Method[]::new);
        } catch (ClassNotFoundException | LinkageError e) {
            return new Method[0];
        }
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
