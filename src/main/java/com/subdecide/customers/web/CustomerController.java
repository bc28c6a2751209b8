package com.subdecide.customers.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.subdecide.customers.ChurnModels;
import com.subdecide.customers.CustomerValues;
import com.subdecide.customers.ExpansionOpportunities;
import com.subdecide.customers.ModelMonitor;
import com.subdecide.customers.PriceBook;
import com.subdecide.customers.RevenueForecasts;
import com.subdecide.system.FieldProblem;
import com.subdecide.system.InvalidRequestException;
import com.subdecide.system.JsonRequestReader;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The price book, churn risk, lifetime values, expansion, revenue forecasts and model monitoring. */
@RestController
class CustomerController {

    private static final int MAX_BODY = 1024 * 1024;
    private static final int MAX_BATCH = 1000;

    private final PriceBook priceBook;
    private final ChurnModels churn;
    private final CustomerValues values;
    private final ExpansionOpportunities expansion;
    private final RevenueForecasts forecasts;
    private final ModelMonitor monitor;

    CustomerController(PriceBook priceBook, ChurnModels churn, CustomerValues values, ExpansionOpportunities expansion,
            RevenueForecasts forecasts, ModelMonitor monitor) {
        this.priceBook = priceBook;
        this.churn = churn;
        this.values = values;
        this.expansion = expansion;
        this.forecasts = forecasts;
        this.monitor = monitor;
    }

    @Operation(summary = "Replace the price book: {plans: [{plan_id, name, tier_order, interval (MONTH or YEAR), "
            + "currency, price}], segments: [{segment, name}]}; subscription events must name its plans and segments")
    @PutMapping(path = "/api/v1/pricing/plans", produces = MediaType.APPLICATION_JSON_VALUE)
    PriceBook.Book putPlans(HttpServletRequest request, Principal user) throws IOException {
        JsonNode body = JsonRequestReader.readBody(request.getInputStream(), MAX_BODY);
        return priceBook.put(priceBook.read(body), user.getName());
    }

    @Operation(summary = "The current price book (404 no_price_book before the first PUT)")
    @GetMapping(path = "/api/v1/pricing/plans", produces = MediaType.APPLICATION_JSON_VALUE)
    PriceBook.Book plans() {
        return priceBook.require();
    }

    @Operation(summary = "Train a churn model version on the newest labelled period (customers subscribed 30 days ago: "
            + "cancelled since or not) with its held-out AUC; 409 data_quality_issue with too little history")
    @PostMapping(path = "/api/v1/models/churn/train", produces = MediaType.APPLICATION_JSON_VALUE)
    ChurnModels.Version trainChurn() {
        return churn.train();
    }

    @Operation(summary = "Stored churn model versions, newest first, with their held-out AUC")
    @GetMapping(path = "/api/v1/models/churn", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> churnVersions() {
        return Map.of("versions", churn.versions());
    }

    @Operation(summary = "A subscribed customer's churn risk: probability of cancelling within 30 days, level and "
            + "recommended actions (churn-risk.drl.xlsx), contributing factors, median time to churn, confidence and "
            + "model version")
    @GetMapping(path = "/api/v1/customers/{customerId}/churn-risk", produces = MediaType.APPLICATION_JSON_VALUE)
    ChurnModels.Risk churnRisk(@PathVariable("customerId") String customerId) {
        return churn.risk(id("customer_id", customerId));
    }

    @Operation(summary = "Churn risks of up to 1,000 customers at once: {customer_ids: [...]}; customers without "
            + "history or not subscribed are listed apart")
    @PostMapping(path = "/api/v1/customers/churn-risk", produces = MediaType.APPLICATION_JSON_VALUE)
    ChurnModels.Scored churnRisks(HttpServletRequest request) throws IOException {
        JsonNode body = JsonRequestReader.readBody(request.getInputStream(), MAX_BODY);
        JsonRequestReader in = new JsonRequestReader();
        List<String> ids = in.strings(body, "$", "customer_ids", MAX_BATCH, 200, null);
        if (ids == null) {
            in.problem("$.customer_ids", "required", "'customer_ids' is required");
        } else if (ids.isEmpty() && !in.hasProblems()) {
            in.problem("$.customer_ids", "empty", "'customer_ids' must name at least one customer");
        }
        in.throwIfProblems();
        return churn.score(ids);
    }

    @Operation(summary = "A customer's lifetime value: expected residual value given the months they have stayed, from "
            + "their segment's shifted-beta-geometric retention, margin and discount rate (customer-value.drl.xlsx)")
    @GetMapping(path = "/api/v1/customers/{customerId}/ltv", produces = MediaType.APPLICATION_JSON_VALUE)
    CustomerValues.CustomerValue customerLtv(@PathVariable("customerId") String customerId) {
        return values.customer(id("customer_id", customerId));
    }

    @Operation(summary = "A segment's lifetime value: shifted-beta-geometric retention fitted by maximum likelihood to "
            + "its customers and to each quarterly cohort, the value of a new customer; 409 data_quality_issue with "
            + "too few customers")
    @GetMapping(path = "/api/v1/pricing/segments/{segment}/ltv", produces = MediaType.APPLICATION_JSON_VALUE)
    CustomerValues.SegmentValue segmentLtv(@PathVariable("segment") String segment) {
        return values.segment(id("segment", segment));
    }

    @Operation(summary = "A subscribed customer's upgrade, add-on and cross-sell opportunities (expansion.drl.xlsx) "
            + "with probability and potential revenue")
    @GetMapping(path = "/api/v1/customers/{customerId}/expansion", produces = MediaType.APPLICATION_JSON_VALUE)
    ExpansionOpportunities.Expansion expansion(@PathVariable("customerId") String customerId) {
        return expansion.of(id("customer_id", customerId));
    }

    @Operation(summary = "Monthly recurring revenue forecast for 1 to 36 months with 80% and 95% intervals "
            + "(Holt-Winters with trend and season) and its rolling-origin backtest (MAPE, interval coverage); 409 "
            + "data_quality_issue with too little history")
    @GetMapping(path = "/api/v1/forecasts/revenue", produces = MediaType.APPLICATION_JSON_VALUE)
    RevenueForecasts.Forecast revenue(@RequestParam(name = "months", defaultValue = "12") String months,
            @RequestParam(name = "currency", defaultValue = "USD") String currency,
            @RequestParam(name = "segment", required = false) String segment) {
        List<FieldProblem> problems = new ArrayList<>();
        int horizon = wholeNumber("months", months, 36, problems);
        if (!currency.matches("[A-Z]{3}")) {
            problems.add(new FieldProblem("currency", "invalid_currency", "'currency' must be an ISO 4217 code like USD"));
        }
        if (segment != null && (segment.isBlank() || segment.length() > 100)) {
            problems.add(new FieldProblem("segment", "invalid", "'segment' must be 1 to 100 characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("invalid_request", problems.size() + " parameter(s) invalid", problems);
        }
        return forecasts.forecast(horizon, currency, segment);
    }

    @Operation(summary = "What-if revenue: {months, currency, segment, scenarios: [{name, price_changes: [{plan_id, "
            + "change_pct}], churn_multiplier, acquisition}]} → each scenario's forecast and its difference from the "
            + "baseline (price elasticities from customer-value.drl.xlsx)")
    @PostMapping(path = "/api/v1/forecasts/scenarios", produces = MediaType.APPLICATION_JSON_VALUE)
    RevenueForecasts.Scenarios scenarios(HttpServletRequest request) throws IOException {
        JsonNode body = JsonRequestReader.readBody(request.getInputStream(), MAX_BODY);
        return forecasts.scenarios(forecasts.read(body));
    }

    @Operation(summary = "Measure every trained model (churn, each benefit's propensity) on the newest labelled period "
            + "now; below its threshold (model-monitoring.drl.xlsx) a reading is DEGRADED and raises "
            + "model_degradation_detected")
    @PostMapping(path = "/api/v1/models/monitoring/run", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> monitor() {
        return Map.of("readings", monitor.run());
    }

    @Operation(summary = "Stored model quality readings, newest first (limit 1 to 500, default 50)")
    @GetMapping(path = "/api/v1/models/monitoring", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> readings(@RequestParam(name = "limit", defaultValue = "50") String limit) {
        List<FieldProblem> problems = new ArrayList<>();
        int n = wholeNumber("limit", limit, 500, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("invalid_request", "1 parameter(s) invalid", problems);
        }
        return Map.of("readings", monitor.readings(n));
    }

    @Operation(summary = "Open alerts: model_degradation_detected for each model whose latest reading is below its "
            + "threshold")
    @GetMapping(path = "/api/v1/alerts", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> alerts() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("alerts", monitor.alerts());
        return out;
    }

    /** A whole number from 1 to {@code max}; -1 with a problem otherwise. */
    private static int wholeNumber(String name, String text, int max, List<FieldProblem> problems) {
        int n;
        try {
            n = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > max) {
            problems.add(new FieldProblem(name, "out_of_range", "'" + name + "' must be a whole number from 1 to " + max));
            return -1;
        }
        return n;
    }

    private static String id(String name, String id) {
        if (id.isBlank() || id.length() > 200) {
            throw new InvalidRequestException("invalid_request", "1 parameter(s) invalid",
                    List.of(new FieldProblem(name, "invalid", "'" + name + "' must be 1 to 200 characters")));
        }
        return id;
    }
}
