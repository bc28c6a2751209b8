package com.subdecide.rotation;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The business content of a rotation-plan answer, read from its JSON, so two answers to one request (logged
 * and replayed, champion and challenger) can be compared field by field and summed into KPIs.
 *
 * @param totalMonthlyCost what the plan costs per month
 * @param coveredValue     the covered-value score in value points
 * @param actions          per platform: {@code KEEP standard}, {@code CANCEL ads}, {@code SUBSCRIBE bundle:x}...
 * @param watchNext        title ids in the order the plan suggests them
 * @param optimal          whether the plan was proven optimal
 * @param ruleHits         hits per rule source ({@code rules/x.drl:12}, {@code file!Sheet!B10})
 * @param explanation      the answer's explanation, as JSON
 */
public record RotationOutcome(BigDecimal totalMonthlyCost, BigDecimal coveredValue, Map<String, String> actions,
        List<String> watchNext, boolean optimal, Map<String, Integer> ruleHits, JsonNode explanation) {

    /** One field that differs between two answers. */
    public record Change(String field, String before, String after) {
    }

    public static RotationOutcome of(JsonNode answer) {
        Map<String, String> actions = new TreeMap<>();
        JsonNode plan = answer.path("action_plan");
        plan.path("keep").forEach(k -> actions.put(k.path("platform_id").asText(), "KEEP " + k.path("tier_id").asText()));
        plan.path("downgrade").forEach(d -> actions.put(d.path("platform_id").asText(),
                "DOWNGRADE " + d.path("to_tier_id").asText()));
        plan.path("cancel").forEach(c -> actions.merge(c.path("platform_id").asText(),
                "CANCEL " + c.path("tier_id").asText(), (a, b) -> a + " + " + b));
        plan.path("subscribe").forEach(s -> {
            if (s.hasNonNull("bundle_id")) {
                s.path("platform_ids").forEach(p -> actions.merge(p.asText(), "SUBSCRIBE bundle:" + s.path("bundle_id").asText(),
                        (a, b) -> a + " + " + b));
            } else {
                actions.merge(s.path("platform_id").asText(), "SUBSCRIBE " + s.path("tier_id").asText(),
                        (a, b) -> a + " + " + b);
            }
        });
        List<String> watchNext = new ArrayList<>();
        answer.path("watch_next").forEach(w -> watchNext.add(w.path("title_id").asText()));
        BigDecimal covered = BigDecimal.ZERO;
        for (JsonNode constraint : answer.path("explanation").path("constraints")) {
            if (constraint.path("name").asText().equals("Covered value")) {
                covered = constraint.path("value").decimalValue();
            }
        }
        Map<String, Integer> hits = new LinkedHashMap<>();
        answer.path("explanation").path("rules_fired").forEach(r ->
                hits.merge(r.path("source").asText(), r.path("hits").asInt(), Integer::sum));
        return new RotationOutcome(answer.path("total_monthly_cost").decimalValue(), covered, actions, watchNext,
                answer.path("explanation").path("optimal").asBoolean(), hits, answer.path("explanation"));
    }

    /** Cancellations in the plan (one per platform cancelled). */
    public int cancellations() {
        return (int) actions.values().stream().filter(a -> a.contains("CANCEL")).count();
    }

    /** Every field that differs from {@code other}: cost, each platform's action, the watch order, optimality. */
    public List<Change> changesTo(RotationOutcome other) {
        List<Change> changes = new ArrayList<>();
        if (totalMonthlyCost.compareTo(other.totalMonthlyCost) != 0) {
            changes.add(new Change("total_monthly_cost", totalMonthlyCost.toPlainString(),
                    other.totalMonthlyCost.toPlainString()));
        }
        if (coveredValue.compareTo(other.coveredValue) != 0) {
            changes.add(new Change("covered_value", coveredValue.toPlainString(), other.coveredValue.toPlainString()));
        }
        TreeSet<String> platforms = new TreeSet<>(actions.keySet());
        platforms.addAll(other.actions.keySet());
        for (String platform : platforms) {
            String before = actions.getOrDefault(platform, "NONE");
            String after = other.actions.getOrDefault(platform, "NONE");
            if (!before.equals(after)) {
                changes.add(new Change("action_plan." + platform, before, after));
            }
        }
        if (!watchNext.equals(other.watchNext)) {
            changes.add(new Change("watch_next", String.join(",", watchNext), String.join(",", other.watchNext)));
        }
        if (optimal != other.optimal) {
            changes.add(new Change("explanation.optimal", Boolean.toString(optimal), Boolean.toString(other.optimal)));
        }
        return changes;
    }

    /** The field family a change counts under in a report: {@code action_plan.netflix} counts as {@code action_plan}. */
    public static String family(Change change) {
        String field = change.field();
        return field.startsWith("action_plan.") ? "action_plan" : field;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RotationOutcome other && changesTo(other).isEmpty()
                && Objects.equals(ruleHits, other.ruleHits);
    }

    @Override
    public int hashCode() {
        return Objects.hash(totalMonthlyCost.stripTrailingZeros(), actions, watchNext, optimal);
    }
}
