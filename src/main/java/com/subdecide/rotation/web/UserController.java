package com.subdecide.rotation.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subdecide.rotation.RotationRequest;
import com.subdecide.rotation.RotationRequestReader;
import com.subdecide.rotation.SavingsLedger;
import com.subdecide.rotation.UserMonths;
import com.subdecide.rotation.persistence.UserStates;
import com.subdecide.system.HttpLimits;
import com.subdecide.system.JsonRequestReader;
import com.subdecide.system.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.security.Principal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Users' rotation state, the content catalog, plans by user id, actions, month close and savings. */
@RestController
class UserController {

    private static final Set<String> ACTIONS = Set.of("KEEP", "SUBSCRIBE", "DOWNGRADE", "CANCEL");
    private static final Set<String> OUTCOMES = Set.of("ACCEPTED", "EXECUTED", "IGNORED");

    private final UserStates states;
    private final UserMonths months;
    private final HttpLimits limits;
    private final ObjectMapper json;
    private final Clock clock;

    UserController(UserStates states, UserMonths months, HttpLimits limits, ObjectMapper json, Clock clock) {
        this.states = states;
        this.months = months;
        this.limits = limits;
        this.json = json;
        this.clock = clock;
    }

    @Operation(summary = "Replace the content catalog: {platforms, bundles, catalog, content_lifecycle} as in a "
            + "rotation-plan request; the newest one serves every plan asked for by user id. Users with a plan this "
            + "month holding a title whose leaving date changed are re-decided (reevaluated_users)")
    @PutMapping(path = "/api/v1/catalog", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> catalog(HttpServletRequest request, Principal who) throws IOException {
        JsonNode body = JsonRequestReader.readBody(request.getInputStream(), limits.maxBodyBytes());
        ObjectNode probe = json.createObjectNode().put("user_id", "catalog").put("budget_cap", 0);
        ObjectNode stored = json.createObjectNode();
        for (String field : UserMonths.CATALOG_FIELDS) {
            if (body.has(field)) {
                probe.set(field, body.get(field));
                stored.set(field, body.get(field));
            }
        }
        RotationRequest read = new RotationRequestReader(clock).read(probe);
        JsonNode previous = states.latestCatalog().orElse(null);
        long id = states.saveCatalog(stored, who.getName());
        List<String> reevaluated = months.catalogChanged(previous, stored);
        return Map.of("catalog_id", id, "platforms", read.platforms().size(), "titles", read.catalog().size(),
                "reevaluated_users", reevaluated);
    }

    @Operation(summary = "Create or replace a user's state: budget_cap, currency, watchlist, active_subscriptions "
            + "(as in a rotation-plan request) and onboarding_services (platform ids that seed the baseline portfolio, "
            + "used only while the user has no baseline)")
    @PutMapping(path = "/api/v1/users/{userId}", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> putUser(@PathVariable String userId, HttpServletRequest request) throws IOException {
        JsonNode body = JsonRequestReader.readBody(request.getInputStream(), limits.maxBodyBytes());
        if (!body.isObject()) {
            JsonRequestReader in = new JsonRequestReader();
            in.problem("$", "wrong_type", "the body must be a JSON object");
            in.throwIfProblems();
        }
        ObjectNode probe = months.requestForCatalog(userId, body);
        RotationRequest read = new RotationRequestReader(clock).read(probe);
        JsonRequestReader in = new JsonRequestReader();
        List<String> onboarding = in.strings(body, "$", "onboarding_services", 100, 200, List.of());
        Map<String, RotationRequest.Platform> platforms = new LinkedHashMap<>();
        read.platforms().forEach(p -> platforms.put(p.platformId(), p));
        for (int i = 0; onboarding != null && i < onboarding.size(); i++) {
            if (!platforms.containsKey(onboarding.get(i))) {
                in.problem("$.onboarding_services[" + i + "]", "unknown_platform",
                        "platform '" + onboarding.get(i) + "' is not in the content catalog");
            }
        }
        in.throwIfProblems();
        YearMonth now = YearMonth.from(LocalDate.now(clock));
        List<SavingsLedger.BaselineService> baseline = new ArrayList<>();
        for (String platform : onboarding) {
            RotationRequest.Subscription current = read.activeSubscriptions().stream()
                    .filter(s -> s.platformId().equals(platform)).findFirst().orElse(null);
            RotationRequest.Tier tier = platforms.get(platform).tiers().stream()
                    .filter(t -> current != null ? t.tierId().equals(current.tierId()) : "STANDARD".equals(t.level()))
                    .findFirst().orElse(platforms.get(platform).tiers().get(platforms.get(platform).tiers().size() - 1));
            baseline.add(new SavingsLedger.BaselineService(platform, tier.tierId(),
                    current != null ? current.monthlyCost() : tier.monthlyCost(), now, "ONBOARDING"));
        }
        List<JsonNode> watchlist = new ArrayList<>();
        body.path("watchlist").forEach(watchlist::add);
        List<JsonNode> subscriptions = new ArrayList<>();
        body.path("active_subscriptions").forEach(subscriptions::add);
        states.replace(userId, read.budgetCap(), read.currency(), watchlist, subscriptions, baseline);
        return user(userId);
    }

    @GetMapping(path = "/api/v1/users/{userId}", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> user(@PathVariable String userId) {
        UserStates.State state = states.find(userId)
                .orElseThrow(() -> new NotFoundException("user_not_found", "No user " + userId));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user_id", userId);
        out.put("budget_cap", state.budgetCap());
        out.put("currency", state.currency());
        out.put("watchlist", state.watchlist());
        out.put("active_subscriptions", state.subscriptions());
        out.put("baseline", states.baseline(userId));
        out.put("updated_at", state.updatedAt());
        return out;
    }

    @Operation(summary = "Mark a watchlist title (status, episodes_watched). Completed or hibernating: if the month has "
            + "a plan, the rest of the cycle is re-decided and the answer says what changed and why")
    @PatchMapping(path = "/api/v1/users/{userId}/watchlist/{titleId}", produces = MediaType.APPLICATION_JSON_VALUE)
    UserMonths.UserPlan markTitle(@PathVariable String userId, @PathVariable String titleId, HttpServletRequest request)
            throws IOException {
        JsonNode body = JsonRequestReader.readBody(request.getInputStream(), limits.maxBodyBytes());
        JsonRequestReader in = new JsonRequestReader();
        String status = in.choice(body, "$", "status", Set.of("WANT", "IN_PROGRESS", "COMPLETED", "HIBERNATING"), "");
        Integer episodes = in.count(body, "$", "episodes_watched", 100_000);
        in.throwIfProblems();
        return months.markTitle(userId, titleId, status == null || status.isEmpty() ? null : status, episodes);
    }

    @Operation(summary = "Decide the user's monthly plan from their stored state and the newest catalog (logged, "
            + "stored per user and month)")
    @PostMapping(path = "/api/v1/users/{userId}/plans", produces = MediaType.APPLICATION_JSON_VALUE)
    JsonNode plan(@PathVariable String userId, @RequestParam(name = "as_of", required = false) String asOf) {
        return months.plan(userId, asOf == null ? LocalDate.now(clock) : date("as_of", asOf), "MONTHLY", null);
    }

    @GetMapping(path = "/api/v1/users/{userId}/plans", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> plans(@PathVariable String userId, @RequestParam(name = "month", required = false) String month) {
        YearMonth m = month == null ? YearMonth.from(LocalDate.now(clock)) : month("month", month);
        return Map.of("month", m.toString(), "plans", states.plans(userId, m), "actions", states.actions(userId, m));
    }

    @Operation(summary = "Record what the user did with a plan's actions: {actions: [{platform_id, action, outcome}]}, outcome "
            + "ACCEPTED, EXECUTED or IGNORED")
    @PostMapping(path = "/api/v1/users/{userId}/plans/{decisionId}/actions", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> actions(@PathVariable String userId, @PathVariable String decisionId, HttpServletRequest request)
            throws IOException {
        UUID id;
        try {
            id = UUID.fromString(decisionId);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("plan_not_found", "No plan " + decisionId);
        }
        if (!states.planBelongsTo(id, userId)) {
            throw new NotFoundException("plan_not_found", "No plan " + decisionId + " for " + userId);
        }
        JsonNode body = JsonRequestReader.readBody(request.getInputStream(), limits.maxBodyBytes());
        JsonRequestReader in = new JsonRequestReader();
        List<String[]> rows = new ArrayList<>();
        List<JsonNode> given = in.array(body, "$", "actions", true, 500);
        for (int i = 0; given != null && i < given.size(); i++) {
            String at = "$.actions[" + i + "]";
            if (in.isObject(given.get(i), at)) {
                String platform = in.string(given.get(i), at, "platform_id", true, 200);
                String action = in.choice(given.get(i), at, "action", ACTIONS, null);
                String outcome = in.choice(given.get(i), at, "outcome", OUTCOMES, null);
                rows.add(new String[] {platform, action, outcome});
            }
        }
        in.throwIfProblems();
        rows.forEach(r -> states.recordAction(id, r[0], r[1], r[2]));
        return Map.of("decision_id", id, "recorded", rows.size());
    }

    @Operation(summary = "Close a month (YYYY-MM): its savings entries against the baseline, and services the previous "
            + "month's plan subscribed to and the user kept join the baseline. Closing again replaces the month")
    @PostMapping(path = "/api/v1/users/{userId}/months/{month}/close", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> close(@PathVariable String userId, @PathVariable String month) {
        YearMonth closing = month("month", month);
        YearMonth now = YearMonth.from(LocalDate.now(clock));
        if (!closing.isBefore(now)) {
            throw new com.subdecide.system.ConflictException("month_not_ended", closing + " has not ended yet: it can be "
                    + "closed from " + closing.plusMonths(1).atDay(1) + " (UTC)");
        }
        return months.closeMonth(userId, closing);
    }

    @Operation(summary = "The savings ledger through a month (default: this month): entries, the 12-month total, "
            + "sentences such as \"You paused Disney+ for 4 months this year, saving $40!\", the baseline")
    @GetMapping(path = "/api/v1/users/{userId}/savings", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> savings(@PathVariable String userId, @RequestParam(name = "through", required = false) String through) {
        return months.savings(userId, through == null ? YearMonth.from(LocalDate.now(clock)) : month("through", through));
    }

    /** Dates and months the service stores: four-digit years from 1970 (PostgreSQL holds them all). */
    private static final int FIRST_YEAR = 1970;
    private static final int LAST_YEAR = 9999;

    private static LocalDate date(String name, String text) {
        try {
            LocalDate date = LocalDate.parse(text);
            if (date.getYear() < FIRST_YEAR || date.getYear() > LAST_YEAR) {
                throw invalid(name, "'" + name + "' must be a date from " + FIRST_YEAR + "-01-01 to " + LAST_YEAR + "-12-31");
            }
            return date;
        } catch (DateTimeParseException e) {
            throw invalid(name, "'" + name + "' must be a date YYYY-MM-DD");
        }
    }

    private static YearMonth month(String name, String text) {
        try {
            YearMonth month = YearMonth.parse(text);
            if (month.getYear() < FIRST_YEAR || month.getYear() > LAST_YEAR) {
                throw invalid(name, "'" + name + "' must be a month from " + FIRST_YEAR + "-01 to " + LAST_YEAR + "-12");
            }
            return month;
        } catch (DateTimeParseException e) {
            throw invalid(name, "'" + name + "' must be a month YYYY-MM");
        }
    }

    private static com.subdecide.system.InvalidRequestException invalid(String name, String message) {
        return new com.subdecide.system.InvalidRequestException("invalid_request", message,
                List.of(new com.subdecide.system.FieldProblem(name, "invalid_date", message)));
    }
}
