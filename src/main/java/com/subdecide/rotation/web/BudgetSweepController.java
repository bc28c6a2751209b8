package com.subdecide.rotation.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.subdecide.rotation.BudgetSweep;
import com.subdecide.rotation.RotationRequestReader;
import com.subdecide.rules.ActiveRuleSet;
import com.subdecide.system.FieldProblem;
import com.subdecide.system.HttpLimits;
import com.subdecide.system.InvalidRequestException;
import com.subdecide.system.JsonRequestReader;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/decisions/rotation-plan/budget-sweep}: the optimal plan's value and cost over a budget range. */
@RestController
class BudgetSweepController {

    private final BudgetSweep sweep;
    private final ActiveRuleSet rules;
    private final HttpLimits limits;
    private final Clock clock;

    BudgetSweepController(BudgetSweep sweep, ActiveRuleSet rules, HttpLimits limits, Clock clock) {
        this.sweep = sweep;
        this.rules = rules;
        this.limits = limits;
        this.clock = clock;
    }

    @Operation(summary = "What each extra dollar buys: for budgets from..to by step, the optimal plan's covered value, "
            + "cost and choices, for the month in the body (a rotation-plan request). Not logged")
    @PostMapping(path = "/api/v1/decisions/rotation-plan/budget-sweep", produces = MediaType.APPLICATION_JSON_VALUE)
    BudgetSweep.Sweep budgetSweep(HttpServletRequest request, @RequestParam("from") String from,
            @RequestParam("to") String to, @RequestParam(name = "step", defaultValue = "1") String step) throws IOException {
        List<BigDecimal> budgets = budgets(from, to, step);
        JsonNode body = JsonRequestReader.readBody(request.getInputStream(), limits.maxBodyBytes());
        return sweep.sweep(new RotationRequestReader(clock).read(body), budgets, rules.current());
    }

    static List<BigDecimal> budgets(String from, String to, String step) {
        List<FieldProblem> problems = new ArrayList<>();
        BigDecimal low = amount("from", from, problems);
        BigDecimal high = amount("to", to, problems);
        BigDecimal by = amount("step", step, problems);
        if (problems.isEmpty()) {
            if (high.compareTo(low) < 0) {
                problems.add(new FieldProblem("to", "out_of_range", "'to' must not be below 'from'"));
            }
            if (by.signum() == 0) {
                problems.add(new FieldProblem("step", "out_of_range", "'step' must be positive"));
            } else if (high.subtract(low).divideToIntegralValue(by).compareTo(BigDecimal.valueOf(999)) > 0) {
                problems.add(new FieldProblem("step", "too_many", "at most 1000 budgets per sweep"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("invalid_request", problems.size() + " parameter(s) invalid", problems);
        }
        List<BigDecimal> budgets = new ArrayList<>();
        for (BigDecimal b = low; b.compareTo(high) <= 0; b = b.add(by)) {
            budgets.add(b);
        }
        return budgets;
    }

    private static BigDecimal amount(String name, String text, List<FieldProblem> problems) {
        try {
            BigDecimal value = new BigDecimal(text.trim());
            if (value.signum() < 0 || value.scale() > 2 || value.compareTo(new BigDecimal("100000")) > 0) {
                problems.add(new FieldProblem(name, "out_of_range", "'" + name + "' must be an amount from 0 to 100000 "
                        + "with at most 2 decimals"));
                return null;
            }
            return value;
        } catch (NumberFormatException e) {
            problems.add(new FieldProblem(name, "not_a_number", "'" + name + "' must be a number"));
            return null;
        }
    }
}
