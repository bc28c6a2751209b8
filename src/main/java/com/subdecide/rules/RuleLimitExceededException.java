package com.subdecide.rules;

/**
 * A rule session went past its bounds: more rule firings than {@code decisions.rules.max-activations} (a rule
 * that keeps re-activating itself, typically an {@code update} with no condition that stops it) or longer
 * than {@code decisions.rules.max-fire-millis}. The session is stopped; the rule named is the one that fired
 * most, or was firing when time ran out.
 */
public class RuleLimitExceededException extends RuntimeException {

    private final String rule;
    private final String source;

    RuleLimitExceededException(String rule, String source, String message) {
        super(message);
        this.rule = rule;
        this.source = source;
    }

    /** The rule's label (name or table row). */
    public String rule() {
        return rule;
    }

    /** Where the rule is written: {@code file:line} or {@code file!Sheet!Cell}. */
    public String source() {
        return source;
    }
}
