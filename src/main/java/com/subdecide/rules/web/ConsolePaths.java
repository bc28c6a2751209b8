package com.subdecide.rules.web;

import com.subdecide.system.NotFoundException;
import java.util.regex.Pattern;

/** The rule-set paths behind the console's short names ({@code emphasis.drl.xlsx}, {@code rotation-guardrails.drl}). */
final class ConsolePaths {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,120}");

    private ConsolePaths() {
    }

    static String table(String name) {
        if (!NAME.matcher(name).matches() || !name.endsWith(".drl.xlsx")) {
            throw new NotFoundException("file_not_found", "No decision table " + name);
        }
        return "decision-tables/" + name;
    }

    static String drl(String name) {
        if (!NAME.matcher(name).matches() || !name.endsWith(".drl")) {
            throw new NotFoundException("file_not_found", "No rule file " + name);
        }
        return "rules/" + name;
    }
}
