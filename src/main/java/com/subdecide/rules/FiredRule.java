package com.subdecide.rules;

/**
 * A rule that fired during a decision.
 *
 * @param rule   the rule's name as the analyst wrote it (for a table row: {@code Sheet row N})
 * @param source where it is written: {@code rules/x.drl:12} or {@code decision-tables/x.drl.xlsx!Sheet!B10}
 * @param hits   how many times it fired in this decision
 */
public record FiredRule(String rule, String source, int hits) {
}
