package com.subdecide.rules;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where each rule of a rule set is written, keyed by package and rule name, with a label analysts read. */
final class RuleLocations {

    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;?");
    private static final Pattern RULE = Pattern.compile("^\\s*rule\\s+(?:\"([^\"]+)\"|'([^']+)'|(\\S+))");

    record Location(String label, String source) {
    }

    private final Map<String, Location> byRule = new HashMap<>();

    void add(String packageName, String ruleName, String label, String source) {
        byRule.putIfAbsent(key(packageName, ruleName), new Location(label, source));
    }

    /** Records every rule of a DRL text as {@code file:line}. */
    void addDrl(String file, String drl) {
        String pkg = "";
        String[] lines = drl.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher p = PACKAGE.matcher(lines[i]);
            if (p.find()) {
                pkg = p.group(1);
                continue;
            }
            Matcher r = RULE.matcher(lines[i]);
            if (r.find()) {
                String name = r.group(1) != null ? r.group(1) : r.group(2) != null ? r.group(2) : r.group(3);
                add(pkg, name, name, file + ":" + (i + 1));
            }
        }
    }

    java.util.List<Location> all() {
        return byRule.values().stream().sorted(java.util.Comparator.comparing(Location::source)).toList();
    }

    Location find(String packageName, String ruleName) {
        Location location = byRule.get(key(packageName, ruleName));
        return location != null ? location : new Location(ruleName, "unknown");
    }

    private static String key(String packageName, String ruleName) {
        return packageName + "#" + ruleName;
    }
}
