package com.subdecide.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * One experiment: its validated definition, where it is in its lifecycle (DRAFT → RUNNING → STOPPED → SHIPPED or
 * REVERTED) and its phases (each start, and each later change of weights or coverage, is a phase of its own).
 */
public record Experiment(String key, String type, String status, Definition definition, String shippedVariant,
        String createdBy, OffsetDateTime createdAt, OffsetDateTime updatedAt, String endedBy, OffsetDateTime endedAt,
        List<Phase> phases) {

    public static final List<String> TYPES = List.of("PRICING", "CAMPAIGN", "BENEFIT_ALLOCATION", "FEATURE");

    /** What an analyst defines. Weights of the variants sum to 1; the first variant is the control. */
    public record Definition(String key, String type, String hypothesis, String seed, double coverage,
            List<Variant> variants, Targeting targeting, Metrics metrics, Analysis analysis, Namespace namespace,
            boolean holdout) {

        public Variant control() {
            return variants.get(0);
        }

        public Variant variant(String variantKey) {
            return variants.stream().filter(v -> v.key().equals(variantKey)).findFirst().orElse(null);
        }
    }

    /**
     * An arm: its key, weight and payload by the experiment's type: a rule-set version ({@code ruleset_version},
     * resolved from a draft or version; none for "the live rule set"), a price, a campaign variant, or free JSON.
     */
    public record Variant(String key, String name, double weight, String rulesetVersion, String rulesetDraftId,
            JsonNode price, String campaignVariant, JsonNode value) {
    }

    /** Who may be in it: members of these tiers (empty: everyone). */
    public record Targeting(List<String> tiers) {
    }

    public record Metrics(Metric primary, List<Metric> secondary, List<Metric> guardrails) {

        public List<Metric> all() {
            List<Metric> all = new java.util.ArrayList<>();
            all.add(primary);
            all.addAll(secondary);
            all.addAll(guardrails);
            return all;
        }
    }

    /**
     * A metric over the behavioural events a user has after first exposure: COUNT, SUM_AMOUNT, ANY (a proportion) or
     * RETAINED_DAYS (days from exposure to the last event). Guardrails have a direction and a margin (relative).
     */
    public record Metric(String name, String event, String aggregate, String direction, Double margin) {

        public boolean higherIsBetter() {
            return !"LOWER_IS_BETTER".equals(direction);
        }
    }

    public record Analysis(double alpha, double power, double mde, boolean sequential, int sequentialTuning,
            int cupedLookbackDays, int minRuntimeDays, int maxRuntimeDays, String correction) {
    }

    public record Namespace(String id, double start, double end) {
    }

    public record Phase(int phase, String seed, double coverage, List<Double> weights, String reason, String startedBy,
            OffsetDateTime startedAt, OffsetDateTime endedAt) {
    }

    public Phase currentPhase() {
        return phases.isEmpty() ? null : phases.get(phases.size() - 1);
    }
}
