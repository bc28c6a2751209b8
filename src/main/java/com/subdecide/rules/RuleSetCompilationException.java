package com.subdecide.rules;

import java.util.List;
import java.util.stream.Collectors;

/** A rule set that does not compile; lists every problem, never only the first. */
public class RuleSetCompilationException extends RuntimeException {

    private final List<RuleProblem> problems;

    public RuleSetCompilationException(List<RuleProblem> problems) {
        super("The rule set does not compile (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s")
                + "):\n" + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<RuleProblem> problems() {
        return problems;
    }
}
