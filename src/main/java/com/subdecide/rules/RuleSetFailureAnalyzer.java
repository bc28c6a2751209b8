package com.subdecide.rules;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Start-up stopped by a rule set that does not compile: print its problems plainly, not a stack trace. */
class RuleSetFailureAnalyzer extends AbstractFailureAnalyzer<RuleSetCompilationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RuleSetCompilationException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Fix each problem at the file and line, or sheet and cell, it names, then start again. "
                        + "The folders read are set by decisions.rules.rules-dir, tables-dir and solver-dir.",
                cause);
    }
}
