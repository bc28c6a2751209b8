package com.subdecide.rules;

import java.util.List;
import java.util.Set;

/**
 * Defence in depth behind {@link RuleSandbox}: the class loader that rule code is compiled against and linked
 * through. It resolves only the types rules may use ({@link SandboxTypes}) and the rule engine's own runtime,
 * which the generated code calls into; every other name, {@code java.lang.ProcessBuilder}, {@code java.io.File},
 * {@code java.lang.reflect.Method}, is not there for the compiler nor for the linker, so a route the sandbox
 * missed fails when the code is compiled or, at the latest, when it runs. A class name looked up by rule code at
 * run time ({@code Class.forName}) resolves through this loader too.
 */
final class RuleClassLoader extends ClassLoader {

    /** The engine's runtime, which generated consequence and invoker classes are written against. */
    private static final List<String> ENGINE = List.of("org.drools.", "org.kie.", "org.mvel2.");

    /** JDK types the compiled rule classes themselves need (their supertypes, string concatenation, boxing). */
    private static final Set<String> JDK = Set.of("java.lang.Object", "java.lang.String", "java.lang.StringBuilder",
            "java.lang.Throwable", "java.lang.Exception", "java.lang.Error", "java.lang.RuntimeException",
            "java.lang.Void", "java.lang.Cloneable", "java.io.Serializable", "java.lang.AutoCloseable",
            "java.lang.invoke.StringConcatFactory", "java.lang.invoke.MethodHandles$Lookup",
            "java.lang.invoke.MethodHandles", "java.lang.invoke.MethodType", "java.lang.invoke.CallSite",
            "java.lang.invoke.MethodHandle", "java.lang.NullPointerException", "java.lang.ClassCastException",
            "java.lang.ArrayIndexOutOfBoundsException", "java.lang.IndexOutOfBoundsException");

    private final ClassLoader application;

    RuleClassLoader(ClassLoader application) {
        super("rules", null);
        this.application = application;
    }

    static boolean permitted(String name) {
        // java.lang.Class is the one exception: the engine's generated accessors and invokers are written
        // against it. Rule text may not name it (the sandbox), and what it leads to (java.lang.reflect, class
        // loaders, the process) is not here, so a reflective route still fails to compile or to link.
        if (JDK.contains(name) || name.equals("java.lang.Class") || SandboxTypes.allowedName(name)) {
            return true;
        }
        for (String prefix : ENGINE) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!permitted(name)) {
            throw new ClassNotFoundException(name + " is not available to rules");
        }
        return application.loadClass(name);
    }

    /** The compiler reads class files as resources: only the permitted ones are there to read. */
    @Override
    public java.net.URL getResource(String name) {
        return visible(name) ? application.getResource(name) : null;
    }

    @Override
    public java.util.Enumeration<java.net.URL> getResources(String name) throws java.io.IOException {
        return visible(name) ? application.getResources(name) : java.util.Collections.emptyEnumeration();
    }

    private static boolean visible(String resource) {
        if (!resource.endsWith(".class")) {
            return true;
        }
        String name = resource.substring(0, resource.length() - ".class".length()).replace('/', '.');
        return permitted(name);
    }
}
