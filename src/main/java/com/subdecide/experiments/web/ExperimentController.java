package com.subdecide.experiments.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.subdecide.experiments.Assignments;
import com.subdecide.experiments.Experiment;
import com.subdecide.experiments.Experiments;
import com.subdecide.experiments.Results;
import com.subdecide.system.ConflictException;
import com.subdecide.system.FieldProblem;
import com.subdecide.system.HttpLimits;
import com.subdecide.system.InvalidRequestException;
import com.subdecide.system.JsonRequestReader;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Experiments: definitions and lifecycle, assignment, results, the global holdout. */
@RestController
class ExperimentController {

    private static final Set<String> STATUSES = Set.of("DRAFT", "RUNNING", "STOPPED", "SHIPPED", "REVERTED");

    private final Experiments experiments;
    private final Assignments assignments;
    private final Results results;
    private final HttpLimits limits;

    ExperimentController(Experiments experiments, Assignments assignments, Results results, HttpLimits limits) {
        this.experiments = experiments;
        this.assignments = assignments;
        this.results = results;
        this.limits = limits;
    }

    @Operation(summary = "Define an experiment (a DRAFT): key, type (PRICING, CAMPAIGN, BENEFIT_ALLOCATION, FEATURE), "
            + "hypothesis, seed, coverage, variants with weights summing to 1 (the first is the control) and their "
            + "payloads, targeting, metrics (primary, secondary, guardrails), analysis settings, namespace, holdout")
    @PostMapping(path = "/api/v1/experiments", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Experiment> create(HttpServletRequest request, Principal who) throws IOException {
        Experiment e = experiments.create(body(request), who.getName());
        return ResponseEntity.created(URI.create("/api/v1/experiments/" + e.key())).body(e);
    }

    @Operation(summary = "Experiments, newest first; ?status= DRAFT, RUNNING, STOPPED, SHIPPED or REVERTED")
    @GetMapping(path = "/api/v1/experiments", produces = MediaType.APPLICATION_JSON_VALUE)
    List<Experiment> list(@RequestParam(name = "status", required = false) String status) {
        if (status != null && !STATUSES.contains(status)) {
            throw new InvalidRequestException("invalid_request", "1 parameter invalid", List.of(new FieldProblem(
                    "status", "unknown_value", "'status' must be one of " + String.join(", ", STATUSES.stream().sorted()
                            .toList()))));
        }
        return experiments.list(status);
    }

    @Operation(summary = "One experiment: definition, status, phases")
    @GetMapping(path = "/api/v1/experiments/{key}", produces = MediaType.APPLICATION_JSON_VALUE)
    Experiment get(@PathVariable String key) {
        return experiments.find(key);
    }

    @Operation(summary = "Replace a DRAFT's definition (409 once it has started: change weights or coverage by a new "
            + "phase)")
    @PutMapping(path = "/api/v1/experiments/{key}", produces = MediaType.APPLICATION_JSON_VALUE)
    Experiment update(@PathVariable String key, HttpServletRequest request) throws IOException {
        return experiments.update(key, body(request));
    }

    @Operation(summary = "Start a DRAFT: phase 1 begins with its seed, weights and coverage")
    @PostMapping(path = "/api/v1/experiments/{key}/start", produces = MediaType.APPLICATION_JSON_VALUE)
    Experiment start(@PathVariable String key, Principal who) {
        return experiments.start(key, who.getName());
    }

    @Operation(summary = "Stop a RUNNING experiment: no new exposures; results stay readable")
    @PostMapping(path = "/api/v1/experiments/{key}/stop", produces = MediaType.APPLICATION_JSON_VALUE)
    Experiment stop(@PathVariable String key, Principal who) {
        return experiments.stop(key, who.getName());
    }

    @Operation(summary = "Ship a variant (ADMIN): {variant}; afterwards every user gets it. Refused (409 "
            + "sample_ratio_mismatch) while the exposures do not match the weights")
    @PostMapping(path = "/api/v1/experiments/{key}/ship", produces = MediaType.APPLICATION_JSON_VALUE)
    Experiment ship(@PathVariable String key, HttpServletRequest request, Principal who) throws IOException {
        JsonNode body = body(request);
        JsonRequestReader in = new JsonRequestReader();
        String variant = in.string(body, "$", "variant", true, 80);
        in.throwIfProblems();
        return experiments.ship(key, variant, who.getName(), () -> {
            Results.Report report = results.report(key, null);
            if (report.sampleRatio().flagged()) {
                throw new ConflictException("sample_ratio_mismatch", "'" + key + "' cannot ship: "
                        + report.flags().get(0).reason() + " (p = " + String.format(Locale.ROOT, "%.2g",
                        report.sampleRatio().pValue()) + ")");
            }
        });
    }

    @Operation(summary = "Revert: end the experiment, everyone gets the control")
    @PostMapping(path = "/api/v1/experiments/{key}/revert", produces = MediaType.APPLICATION_JSON_VALUE)
    Experiment revert(@PathVariable String key, Principal who) {
        return experiments.revert(key, who.getName());
    }

    @Operation(summary = "A new phase of a RUNNING experiment: {coverage, weights (one per variant), reseed (default "
            + "true: assignment starts again), reason}; phases are analysed apart")
    @PostMapping(path = "/api/v1/experiments/{key}/phases", produces = MediaType.APPLICATION_JSON_VALUE)
    Experiment phase(@PathVariable String key, HttpServletRequest request, Principal who) throws IOException {
        JsonNode body = body(request);
        JsonRequestReader in = new JsonRequestReader();
        BigDecimal coverage = in.number(body, "$", "coverage", BigDecimal.ZERO, BigDecimal.ONE, null);
        List<Double> weights = null;
        if (body.hasNonNull("weights")) {
            weights = new ArrayList<>();
            List<JsonNode> nodes = in.array(body, "$", "weights", true, 20);
            for (int i = 0; i < nodes.size(); i++) {
                if (!nodes.get(i).isNumber()) {
                    in.problem("$.weights[" + i + "]", "not_a_number", "each weight must be a number");
                } else {
                    weights.add(nodes.get(i).doubleValue());
                }
            }
        }
        boolean reseed = !body.has("reseed") || body.get("reseed").asBoolean(true);
        if (body.has("reseed") && !body.get("reseed").isBoolean()) {
            in.problem("$.reseed", "wrong_type", "'reseed' must be true or false");
        }
        String reason = in.string(body, "$", "reason", false, 500);
        if (coverage == null && weights == null && !in.hasProblems()) {
            in.problem("$", "nothing_to_change", "a new phase changes 'coverage' and/or 'weights'");
        }
        in.throwIfProblems();
        return experiments.newPhase(key, coverage == null ? null : coverage.doubleValue(), weights, reseed, reason,
                who.getName());
    }

    @Operation(summary = "A user's variant (DECIDER): ?user_id= and, for tier targeting, ?tier=. {variant, "
            + "in_experiment, hash_value, phase, reason}; the first answer in a phase is the user's exposure, stored "
            + "once. Outside coverage, targeting or the holdout, or when not RUNNING: the control (or the shipped "
            + "variant)")
    @GetMapping(path = "/api/v1/experiments/{key}/assignment", produces = MediaType.APPLICATION_JSON_VALUE)
    Assignments.Answer assignment(@PathVariable String key, @RequestParam(name = "user_id", required = false) String userId,
            @RequestParam(name = "tier", required = false) String tier) {
        List<FieldProblem> problems = new ArrayList<>();
        if (userId == null || userId.isBlank()) {
            problems.add(new FieldProblem("user_id", "required", "'user_id' is required"));
        } else if (userId.length() > 200) {
            problems.add(new FieldProblem("user_id", "too_long", "'user_id' must be at most 200 characters"));
        }
        if (tier != null && (tier.isBlank() || tier.length() > 40)) {
            problems.add(new FieldProblem("tier", "invalid", "'tier' must be 1 to 40 characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("invalid_request", problems.size() + " parameter(s) invalid", problems);
        }
        return assignments.assign(key, userId, tier);
    }

    @Operation(summary = "Assignments of many users at once (DECIDER): {users: [{user_id, tier}]}, up to 1,000; the "
            + "answers in the same order, each as GET …/assignment answers it, exposures stored the same way")
    @PostMapping(path = "/api/v1/experiments/{key}/assignments", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> assignments(@PathVariable String key, HttpServletRequest request) throws IOException {
        JsonNode body = body(request);
        JsonRequestReader in = new JsonRequestReader();
        List<JsonNode> users = in.array(body, "$", "users", true, 1000);
        List<String[]> asked = new ArrayList<>();
        for (int i = 0; i < users.size(); i++) {
            String at = "$.users[" + i + "]";
            if (in.isObject(users.get(i), at)) {
                asked.add(new String[] {in.string(users.get(i), at, "user_id", true, 200),
                        in.string(users.get(i), at, "tier", false, 40)});
            }
        }
        in.throwIfProblems();
        List<Assignments.Answer> answers = new ArrayList<>(asked.size());
        for (String[] user : asked) {
            answers.add(assignments.assign(key, user[0], user[1]));
        }
        return Map.of("assignments", answers);
    }

    @Operation(summary = "Results (ANALYST) of the current phase (or ?phase=): per variant and metric users, mean and "
            + "variance (CUPED-adjusted where a pre-period exists); per treatment relative lift with the fixed-horizon "
            + "and the always-valid interval and p-value, corrected; sample-ratio mismatch; the sample size needed "
            + "and when it is expected; the stopping rules' recommendation and the rule that decided")
    @GetMapping(path = "/api/v1/experiments/{key}/results", produces = MediaType.APPLICATION_JSON_VALUE)
    Results.Report results(@PathVariable String key, @RequestParam(name = "phase", required = false) String phase) {
        return results.report(key, phase(phase));
    }

    @Operation(summary = "Results as CSV: metric,role,variant,users,mean,variance,lift,low,high,p_value,"
            + "sequential_low,sequential_high,sequential_p_value,adjusted_p_value,significant")
    @GetMapping(path = "/api/v1/experiments/{key}/results.csv", produces = "text/csv")
    ResponseEntity<String> csv(@PathVariable String key, @RequestParam(name = "phase", required = false) String phase) {
        Results.Report report = results.report(key, phase(phase));
        StringBuilder out = new StringBuilder("metric,role,variant,users,mean,variance,lift,low,high,p_value,"
                + "sequential_low,sequential_high,sequential_p_value,adjusted_p_value,significant\n");
        for (Results.MetricResult m : report.metrics()) {
            for (Results.VariantMetric v : m.variants()) {
                Results.Lift l = m.lifts().stream().filter(x -> x.variant().equals(v.variant())).findFirst().orElse(null);
                out.append(String.join(",", m.metric(), m.role(), v.variant(), Long.toString(v.users()), num(v.mean()),
                        num(v.variance()), l == null ? "" : num(l.relative()), l == null ? "" : num(l.low()),
                        l == null ? "" : num(l.high()), l == null ? "" : num(l.pValue()),
                        l == null ? "" : num(l.sequentialLow()), l == null ? "" : num(l.sequentialHigh()),
                        l == null ? "" : num(l.sequentialPValue()), l == null ? "" : num(l.adjustedPValue()),
                        l == null ? "" : Boolean.toString(l.significant()))).append('\n');
            }
        }
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/csv"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"experiment-" + key + "-results.csv\"")
                .body(out.toString());
    }

    @Operation(summary = "The primary metric's intervals at the end of each day of the phase: a series for charts")
    @GetMapping(path = "/api/v1/experiments/{key}/results/series", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> series(@PathVariable String key, @RequestParam(name = "phase", required = false) String phase) {
        return Map.of("experiment_key", key, "points", results.series(key, phase(phase)));
    }

    @Operation(summary = "The global holdout: the share of all users kept out of every experiment that opts in "
            + "(holdout: true), and its seed")
    @GetMapping(path = "/api/v1/holdout", produces = MediaType.APPLICATION_JSON_VALUE)
    Assignments.Holdout holdout() {
        return assignments.holdout();
    }

    @Operation(summary = "Set the global holdout: {share (0 to 0.5), seed}; 409 while an experiment using it runs")
    @PutMapping(path = "/api/v1/holdout", produces = MediaType.APPLICATION_JSON_VALUE)
    Assignments.Holdout setHoldout(HttpServletRequest request, Principal who) throws IOException {
        JsonNode body = body(request);
        JsonRequestReader in = new JsonRequestReader();
        BigDecimal share = in.number(body, "$", "share", BigDecimal.ZERO, new BigDecimal("0.5"), null);
        if (!body.hasNonNull("share")) {
            in.problem("$.share", "required", "'share' is required");
        }
        String seed = in.string(body, "$", "seed", true, 200);
        in.throwIfProblems();
        return assignments.setHoldout(share.doubleValue(), seed, who.getName());
    }

    private static Integer phase(String text) {
        if (text == null) {
            return null;
        }
        try {
            int phase = Integer.parseInt(text);
            if (phase >= 1) {
                return phase;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new InvalidRequestException("invalid_request", "1 parameter invalid", List.of(new FieldProblem("phase",
                "out_of_range", "'phase' must be a whole number from 1")));
    }

    private static String num(Double value) {
        return value == null || value.isNaN() ? "" : String.format(Locale.ROOT, "%.6g", value);
    }

    private JsonNode body(HttpServletRequest request) throws IOException {
        return JsonRequestReader.readBody(request.getInputStream(), limits.maxBodyBytes());
    }
}
