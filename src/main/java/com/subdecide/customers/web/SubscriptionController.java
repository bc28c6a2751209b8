package com.subdecide.customers.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.subdecide.customers.SubscriptionEvents;
import com.subdecide.system.FieldProblem;
import com.subdecide.system.InvalidRequestException;
import com.subdecide.system.JsonRequestReader;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Subscription histories in, monthly recurring revenue out. */
@RestController
class SubscriptionController {

    private static final int MAX_BODY = 4 * 1024 * 1024;
    private static final int MAX_MONTHS = 240;

    private final SubscriptionEvents events;

    SubscriptionController(SubscriptionEvents events) {
        this.events = events;
    }

    @Operation(summary = "Store a batch (up to 1,000) of subscription events: {events: [{event_id, customer_id, type "
            + "(SUBSCRIBED, RENEWED, UPGRADED, DOWNGRADED, CANCELLED, PAYMENT_FAILED), plan_id, price per month and "
            + "currency (for the first four), segment, occurred_at}]}. 202 with accepted and duplicates; a batch with "
            + "any bad event is rejected whole with every bad field named")
    @PostMapping(path = "/api/v1/subscriptions/events", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Integer>> post(HttpServletRequest request) throws IOException {
        JsonNode body = JsonRequestReader.readBody(request.getInputStream(), MAX_BODY);
        SubscriptionEvents.Accepted result = events.store(events.read(body));
        return ResponseEntity.accepted().body(Map.of("accepted", result.accepted(), "duplicates", result.duplicates()));
    }

    @Operation(summary = "Monthly recurring revenue at the end of each month from..to (YYYY-MM, at most 240 months), "
            + "in one currency (default USD), optionally of one segment: MRR, active customers, new subscriptions and "
            + "cancellations per month")
    @GetMapping(path = "/api/v1/analytics/mrr", produces = MediaType.APPLICATION_JSON_VALUE)
    SubscriptionEvents.Mrr mrr(@RequestParam(name = "from", required = false) String from,
            @RequestParam(name = "to", required = false) String to,
            @RequestParam(name = "currency", defaultValue = "USD") String currency,
            @RequestParam(name = "segment", required = false) String segment) {
        List<FieldProblem> problems = new ArrayList<>();
        YearMonth start = month("from", from, problems);
        YearMonth end = month("to", to, problems);
        if (!currency.matches("[A-Z]{3}")) {
            problems.add(new FieldProblem("currency", "invalid_currency", "'currency' must be an ISO 4217 code like USD"));
        }
        if (segment != null && (segment.isBlank() || segment.length() > 100)) {
            problems.add(new FieldProblem("segment", "invalid", "'segment' must be 1 to 100 characters"));
        }
        if (start != null && end != null) {
            if (end.isBefore(start)) {
                problems.add(new FieldProblem("to", "out_of_range", "'to' must not be before 'from'"));
            } else if (start.plusMonths(MAX_MONTHS).isBefore(end)) {
                problems.add(new FieldProblem("to", "out_of_range", "at most " + MAX_MONTHS + " months"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("invalid_request", problems.size() + " parameter(s) invalid", problems);
        }
        return events.mrr(start, end, currency, segment);
    }

    private static YearMonth month(String name, String text, List<FieldProblem> problems) {
        if (text == null || text.isBlank()) {
            problems.add(new FieldProblem(name, "required", "'" + name + "' is required (YYYY-MM)"));
            return null;
        }
        try {
            YearMonth month = YearMonth.parse(text.trim());
            if (month.getYear() >= 1970 && month.getYear() <= 9999) {
                return month;
            }
        } catch (DateTimeParseException e) {
            // below
        }
        problems.add(new FieldProblem(name, "invalid_month", "'" + name + "' must be a month YYYY-MM from 1970"));
        return null;
    }
}
