package com.subdecide.rotation.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.subdecide.rotation.RotationRequest;
import com.subdecide.rotation.RotationRequestReader;
import com.subdecide.rotation.YearSimulation;
import com.subdecide.rules.ActiveRuleSet;
import com.subdecide.system.HttpLimits;
import com.subdecide.system.JsonRequestReader;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/decisions/rotation-plan/year}: a year of rotation, paid and saved against the baseline. */
@RestController
class YearSimulationController {

    private final YearSimulation simulation;
    private final ActiveRuleSet rules;
    private final HttpLimits limits;
    private final Clock clock;

    YearSimulationController(YearSimulation simulation, ActiveRuleSet rules, HttpLimits limits, Clock clock) {
        this.simulation = simulation;
        this.rules = rules;
        this.limits = limits;
        this.clock = clock;
    }

    @Operation(summary = "Simulate months of rotation from one user's month and content calendar: what the service "
            + "would decide each month, what the user pays and saves against the baseline, and chart series. "
            + "Body: {month: <rotation-plan request>, baseline: [platform ids] (default: current subscriptions), "
            + "months: 1..24 (default 12), titles_per_month: 0..50 (default 3)}. Not logged")
    @PostMapping(path = "/api/v1/decisions/rotation-plan/year", produces = MediaType.APPLICATION_JSON_VALUE)
    YearSimulation.Result year(HttpServletRequest request) throws IOException {
        JsonNode body = JsonRequestReader.readBody(request.getInputStream(), limits.maxBodyBytes());
        JsonRequestReader in = new JsonRequestReader();
        if (!body.isObject() || !body.path("month").isObject()) {
            in.problem("$.month", "required", "'month' is required: a rotation-plan request");
        }
        Integer months = in.count(body, "$", "months", 24);
        Integer titles = in.count(body, "$", "titles_per_month", 50);
        List<String> baseline = body.has("baseline") ? in.strings(body, "$", "baseline", 500, 200, null) : null;
        if (months != null && months == 0) {
            in.problem("$.months", "out_of_range", "'months' must be between 1 and 24");
        }
        in.throwIfProblems();
        RotationRequest month;
        try {
            month = new RotationRequestReader(clock).read(body.get("month"));
        } catch (com.subdecide.system.InvalidRequestException e) {
            throw new com.subdecide.system.InvalidRequestException(e.code(), e.getMessage(), e.problems().stream()
                    .map(p -> new com.subdecide.system.FieldProblem(p.path().replaceFirst("^\\$", "\\$.month"), p.code(),
                            p.message())).toList());
        }
        if (baseline != null) {
            java.util.Set<String> known = new java.util.HashSet<>();
            month.platforms().forEach(p -> known.add(p.platformId()));
            for (int i = 0; i < baseline.size(); i++) {
                if (!known.contains(baseline.get(i))) {
                    in.problem("$.baseline[" + i + "]", "unknown_platform", "platform '" + baseline.get(i)
                            + "' is not in 'month.platforms'");
                }
            }
            in.throwIfProblems();
        }
        return simulation.simulate(new YearSimulation.Input(month, baseline, months == null ? 12 : months,
                titles == null ? 3 : titles), rules.current());
    }
}
