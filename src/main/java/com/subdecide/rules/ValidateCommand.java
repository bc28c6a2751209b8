package com.subdecide.rules;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/**
 * {@code java -jar subscription-decisions.jar validate [dir]}: validates the rule set in {@code dir}'s
 * {@code rules/}, {@code decision-tables/} and {@code solver-config/} (default: the working directory) without
 * starting the service. Exit status 0 when it may go live, 1 when it may not, 2 when there is nothing to read.
 */
public final class ValidateCommand {

    private ValidateCommand() {
    }

    public static int run(String[] args, Collection<? extends ScenarioRunner> runners, PrintStream out) {
        Path dir = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        RulesProperties folders = RulesProperties.of(dir.resolve("rules").toString(),
                dir.resolve("decision-tables").toString(), dir.resolve("solver-config").toString());
        if (!Files.isDirectory(dir.resolve("rules")) && !Files.isDirectory(dir.resolve("decision-tables"))) {
            out.println(dir + " has neither rules/ nor decision-tables/: nothing to validate");
            return 2;
        }
        var files = RuleSetLoader.read(folders);
        RuleSetValidator.Report report = RuleSetValidator.validate(files, runners);
        out.println("rule set " + report.version() + " (" + files.size() + " files in " + dir + ")");
        report.lines().forEach(line -> out.println("  " + line));
        if (report.scenarios() != null) {
            out.println("scenarios: " + report.scenarios().passed() + " passed, " + report.scenarios().failures().size()
                    + " failed");
        }
        if (report.valid()) {
            out.println("OK: the rule set compiles and its scenarios pass"
                    + (report.warnings().isEmpty() ? "" : " (" + report.warnings().size() + " warnings)"));
            return 0;
        }
        out.println("NOT VALID: " + report.errors().size() + " errors"
                + (report.scenarios() == null ? "" : ", " + report.scenarios().failures().size() + " failing scenarios"));
        return 1;
    }
}
