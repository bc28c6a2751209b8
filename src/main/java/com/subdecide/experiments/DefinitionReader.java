package com.subdecide.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import com.subdecide.rules.RuleSetDrafts;
import com.subdecide.rules.RuleSetVersions;
import com.subdecide.system.JsonRequestReader;
import com.subdecide.system.NotFoundException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** An experiment definition read from a request: every bad field at its path, all at once. */
final class DefinitionReader {

    static final Set<String> EVENTS = Set.of("PURCHASE", "PAGE_VIEW", "EMAIL_OPEN", "EMAIL_CLICK", "AD_CLICK",
            "WISHLIST_ADD", "REVIEW", "BENEFIT_USED");
    static final Set<String> AGGREGATES = Set.of("COUNT", "SUM_AMOUNT", "ANY", "RETAINED_DAYS");
    static final Set<String> DIRECTIONS = Set.of("HIGHER_IS_BETTER", "LOWER_IS_BETTER");
    static final Set<String> CORRECTIONS = Set.of("NONE", "HOLM", "BENJAMINI_HOCHBERG");
    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9._-]{0,79}");

    private final RuleSetDrafts drafts;
    private final RuleSetVersions versions;
    private final JsonRequestReader in = new JsonRequestReader();

    DefinitionReader(RuleSetDrafts drafts, RuleSetVersions versions) {
        this.drafts = drafts;
        this.versions = versions;
    }

    Experiment.Definition read(JsonNode body) {
        if (!body.isObject()) {
            in.problem("$", "wrong_type", "the body must be a JSON object");
            in.throwIfProblems();
        }
        String key = in.string(body, "$", "key", true, 80);
        if (key != null && !KEY.matcher(key).matches()) {
            in.problem("$.key", "invalid_key", "'key' must be lower-case letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit");
        }
        String type = in.choice(body, "$", "type", Set.copyOf(Experiment.TYPES), null);
        String hypothesis = in.string(body, "$", "hypothesis", false, 2000);
        String seed = in.string(body, "$", "seed", false, 200);
        double coverage = fraction(body, "$", "coverage", 1.0, true);
        List<Experiment.Variant> variants = variants(body, type);
        Experiment.Targeting targeting = targeting(body);
        Experiment.Metrics metrics = metrics(body);
        Experiment.Analysis analysis = analysis(body);
        Experiment.Namespace namespace = namespace(body);
        boolean holdout = bool(body, "$", "holdout", false);
        in.throwIfProblems();
        return new Experiment.Definition(key, type, hypothesis, seed == null ? key : seed, coverage, variants,
                targeting, metrics, analysis, namespace, holdout);
    }

    private List<Experiment.Variant> variants(JsonNode body, String type) {
        List<JsonNode> nodes = in.array(body, "$", "variants", true, 20);
        if (body.has("variants") && body.get("variants").isArray() && nodes.size() < 2) {
            in.problem("$.variants", "too_few", "an experiment needs at least 2 variants (the first is the control)");
        }
        List<Experiment.Variant> variants = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        double sum = 0;
        boolean weighted = true;
        for (int i = 0; i < nodes.size(); i++) {
            String at = "$.variants[" + i + "]";
            JsonNode v = nodes.get(i);
            if (!in.isObject(v, at)) {
                weighted = false;
                continue;
            }
            String key = in.string(v, at, "key", true, 80);
            if (key != null && !KEY.matcher(key).matches()) {
                in.problem(at + ".key", "invalid_key", "'key' must be lower-case letters, digits, '.', '_' or '-'");
            } else if (key != null && !keys.add(key)) {
                in.problem(at + ".key", "duplicate", "variant '" + key + "' is defined twice");
            }
            String name = in.string(v, at, "name", false, 200);
            BigDecimal weight = in.number(v, at, "weight", BigDecimal.ZERO, BigDecimal.ONE, null);
            if (!v.hasNonNull("weight")) {
                in.problem(at + ".weight", "required", "'weight' is required");
            }
            if (weight == null) {
                weighted = false;
            } else {
                if (weight.signum() == 0) {
                    in.problem(at + ".weight", "out_of_range", "'weight' must be above 0");
                }
                sum += weight.doubleValue();
            }
            String version = null;
            String draftId = null;
            JsonNode price = null;
            String campaign = null;
            JsonNode value = null;
            if ("BENEFIT_ALLOCATION".equals(type) || v.has("ruleset")) {
                String[] resolved = ruleset(v, at);
                version = resolved[0];
                draftId = resolved[1];
            }
            if ("PRICING".equals(type)) {
                price = v.get("price");
                if (price == null || !price.isObject() || !price.path("amount").isNumber()
                        || price.path("amount").decimalValue().signum() < 0) {
                    in.problem(at + ".price", "required", "a PRICING variant needs 'price': {amount, currency}");
                }
            }
            if ("CAMPAIGN".equals(type)) {
                campaign = in.string(v, at, "campaign_variant", true, 200);
            }
            if ("FEATURE".equals(type)) {
                value = v.get("value");
            }
            variants.add(new Experiment.Variant(key, name, weight == null ? 0 : weight.doubleValue(), version, draftId,
                    price, campaign, value));
        }
        if (weighted && nodes.size() >= 2 && Math.abs(sum - 1) > 1e-6) {
            in.problem("$.variants", "weights_do_not_sum_to_1", "the variants' weights sum to "
                    + BigDecimal.valueOf(sum).stripTrailingZeros().toPlainString() + ", not 1");
        }
        return variants;
    }

    /** {@code ruleset: {draft_id} | {version}}, resolved to a stored version; absent for the live rule set. */
    private String[] ruleset(JsonNode variant, String at) {
        JsonNode ruleset = variant.get("ruleset");
        if (ruleset == null || ruleset.isNull()) {
            return new String[] {null, null};
        }
        if (!ruleset.isObject()) {
            in.problem(at + ".ruleset", "wrong_type", "'ruleset' must be {draft_id} or {version}");
            return new String[] {null, null};
        }
        String draft = in.string(ruleset, at + ".ruleset", "draft_id", false, 40);
        String version = in.string(ruleset, at + ".ruleset", "version", false, 80);
        if ((draft == null) == (version == null)) {
            in.problem(at + ".ruleset", "one_of", "'ruleset' must name exactly one of draft_id and version");
            return new String[] {null, null};
        }
        if (draft != null) {
            try {
                return new String[] {drafts.find(UUID.fromString(draft)).version(), draft};
            } catch (IllegalArgumentException | NotFoundException e) {
                in.problem(at + ".ruleset.draft_id", "not_found", "no draft " + draft);
                return new String[] {null, null};
            }
        }
        String resolved = versions.resolve(version).orElse(null);
        if (resolved == null) {
            in.problem(at + ".ruleset.version", "not_found", "no stored rule-set version matches " + version);
        }
        return new String[] {resolved, null};
    }

    private Experiment.Targeting targeting(JsonNode body) {
        JsonNode targeting = body.get("targeting");
        if (targeting == null || targeting.isNull()) {
            return new Experiment.Targeting(List.of());
        }
        if (!in.isObject(targeting, "$.targeting")) {
            return new Experiment.Targeting(List.of());
        }
        for (java.util.Iterator<String> it = targeting.fieldNames(); it.hasNext();) {
            String field = it.next();
            if (!field.equals("tiers")) {
                in.problem("$.targeting." + field, "unknown_field", "targeting knows only 'tiers'");
            }
        }
        return new Experiment.Targeting(in.strings(targeting, "$.targeting", "tiers", 20, 40, List.of()));
    }

    private Experiment.Metrics metrics(JsonNode body) {
        JsonNode metrics = body.get("metrics");
        if (metrics == null || metrics.isNull()) {
            in.problem("$.metrics", "required", "'metrics' with a 'primary' metric is required");
            return new Experiment.Metrics(null, List.of(), List.of());
        }
        if (!in.isObject(metrics, "$.metrics")) {
            return new Experiment.Metrics(null, List.of(), List.of());
        }
        Set<String> names = new HashSet<>();
        Experiment.Metric primary = null;
        if (!metrics.hasNonNull("primary")) {
            in.problem("$.metrics.primary", "required", "'primary' is required");
        } else {
            primary = metric(metrics.get("primary"), "$.metrics.primary", false, names);
        }
        List<Experiment.Metric> secondary = new ArrayList<>();
        List<JsonNode> nodes = in.array(metrics, "$.metrics", "secondary", false, 20);
        for (int i = 0; i < nodes.size(); i++) {
            secondary.add(metric(nodes.get(i), "$.metrics.secondary[" + i + "]", false, names));
        }
        List<Experiment.Metric> guardrails = new ArrayList<>();
        nodes = in.array(metrics, "$.metrics", "guardrails", false, 20);
        for (int i = 0; i < nodes.size(); i++) {
            guardrails.add(metric(nodes.get(i), "$.metrics.guardrails[" + i + "]", true, names));
        }
        return new Experiment.Metrics(primary, secondary, guardrails);
    }

    private Experiment.Metric metric(JsonNode node, String at, boolean guardrail, Set<String> names) {
        if (!in.isObject(node, at)) {
            return null;
        }
        String name = in.string(node, at, "name", true, 80);
        if (name != null && !names.add(name)) {
            in.problem(at + ".name", "duplicate", "metric '" + name + "' is defined twice");
        }
        String event = in.string(node, at, "event", true, 40);
        if (event != null && !EVENTS.contains(event)) {
            in.problem(at + ".event", "unknown_event", "'event' must be a behavioural event type: "
                    + String.join(", ", EVENTS.stream().sorted().toList()));
        }
        String aggregate = in.choice(node, at, "aggregate", AGGREGATES, null);
        String direction = in.choice(node, at, "direction", DIRECTIONS, "HIGHER_IS_BETTER");
        Double margin = null;
        if (guardrail) {
            BigDecimal m = in.number(node, at, "margin", BigDecimal.ZERO, BigDecimal.ONE, null);
            if (!node.hasNonNull("margin")) {
                in.problem(at + ".margin", "required", "a guardrail needs 'margin': the relative harm it tolerates");
            }
            margin = m == null ? null : m.doubleValue();
        }
        return new Experiment.Metric(name, event, aggregate, direction, margin);
    }

    private Experiment.Analysis analysis(JsonNode body) {
        JsonNode a = body.get("analysis");
        if (a == null || a.isNull()) {
            a = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        } else if (!in.isObject(a, "$.analysis")) {
            return null;
        }
        String at = "$.analysis";
        double alpha = open(a, at, "alpha", 0.05, 0.5);
        double power = open(a, at, "power", 0.8, 1);
        double mde = open(a, at, "mde", 0.05, 10);
        boolean sequential = bool(a, at, "sequential", true);
        Integer tuning = in.count(a, at, "sequential_tuning", 100_000_000);
        Integer lookback = in.count(a, at, "cuped_lookback_days", 365);
        Integer min = in.count(a, at, "min_runtime_days", 365);
        Integer max = in.count(a, at, "max_runtime_days", 3650);
        int minDays = min == null ? 7 : min;
        int maxDays = max == null ? 42 : max;
        if (maxDays < minDays) {
            in.problem(at + ".max_runtime_days", "out_of_range", "'max_runtime_days' must not be below 'min_runtime_days'");
        }
        if (tuning != null && tuning == 0) {
            in.problem(at + ".sequential_tuning", "out_of_range", "'sequential_tuning' must be at least 1 user");
        }
        String correction = in.choice(a, at, "correction", CORRECTIONS, "HOLM");
        return new Experiment.Analysis(alpha, power, mde, sequential, tuning == null ? 5000 : tuning,
                lookback == null ? 14 : lookback, minDays, maxDays, correction);
    }

    private Experiment.Namespace namespace(JsonNode body) {
        JsonNode ns = body.get("namespace");
        if (ns == null || ns.isNull() || !in.isObject(ns, "$.namespace")) {
            return null;
        }
        String id = in.string(ns, "$.namespace", "id", true, 80);
        double start = fraction(ns, "$.namespace", "start", 0, false);
        double end = fraction(ns, "$.namespace", "end", 1, false);
        if (end <= start) {
            in.problem("$.namespace.end", "out_of_range", "'end' must be above 'start'");
        }
        return new Experiment.Namespace(id, start, end);
    }

    /** A number in [0, 1]. */
    private double fraction(JsonNode node, String at, String field, double fallback, boolean coverage) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber()) {
            in.problem(at + "." + field, "not_a_number", "'" + field + "' must be a number");
            return fallback;
        }
        double d = value.doubleValue();
        if (d < 0 || d > 1) {
            in.problem(at + "." + field, "out_of_range", "'" + field + "' must be between 0 and 1"
                    + (coverage ? " (the share of targeted users in the experiment)" : ""));
            return fallback;
        }
        return d;
    }

    /** A number in (0, max). */
    private double open(JsonNode node, String at, String field, double fallback, double max) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber() || value.doubleValue() <= 0 || value.doubleValue() >= max) {
            in.problem(at + "." + field, "out_of_range", "'" + field + "' must be a number above 0 and below " + max);
            return fallback;
        }
        return value.doubleValue();
    }

    private boolean bool(JsonNode node, String at, String field, boolean fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            in.problem(at + "." + field, "wrong_type", "'" + field + "' must be true or false");
            return fallback;
        }
        return value.booleanValue();
    }
}
