package com.subdecide.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import com.subdecide.rotation.RotationOutcome;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * What a simulation found.
 *
 * @param championVersion   what the challenger was compared with: {@code logged} or a version
 * @param challengerVersion the version tried
 * @param total             decisions in the simulation
 * @param replayed          decisions decided again (the rest failed, see {@code failures})
 * @param changed           decisions whose answer changed in any field
 * @param changesByField    how many decisions changed in each field family
 * @param kpis              totals over all replayed decisions, champion vs challenger
 * @param ruleHits          hits per rule or table row, champion vs challenger (rules with any hits)
 * @param changedBySource   per rule or table row, the changed decisions in which it fired under either version
 * @param examples          changed decisions shown in full, with both explanations
 * @param failures          the first decisions that could not be replayed, and why
 */
public record SimulationReport(String championVersion, String challengerVersion, int total, int replayed, int changed,
        Map<String, Integer> changesByField, Map<String, Kpi> kpis, List<RuleHits> ruleHits, Map<String, Integer> changedBySource, List<Example> examples,
        List<String> failures, long elapsedMillis, long decisionsPerSecond) {

    /** A KPI summed over the replayed decisions. */
    public record Kpi(BigDecimal champion, BigDecimal challenger, BigDecimal delta) {
    }

    /** One rule's hits under both versions. */
    public record RuleHits(String source, long champion, long challenger, long delta) {
    }

    /** One changed decision. */
    public record Example(String decisionId, List<RotationOutcome.Change> changes, JsonNode championExplanation,
            JsonNode challengerExplanation) {
    }
}
