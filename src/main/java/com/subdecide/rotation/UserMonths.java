package com.subdecide.rotation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subdecide.rotation.persistence.UserStates;
import com.subdecide.system.ConflictException;
import com.subdecide.system.InvalidRequestException;
import com.subdecide.system.NotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * Rotation over time for stored users: the monthly plan asked for by user id alone (state + the newest content
 * catalog, decided and logged like any decision, stored per user and month), mid-month re-evaluation when a
 * title is completed or hibernated, month close into the savings ledger, and the baseline portfolio.
 */
@Service
public class UserMonths {

    /** The parts of a rotation request that are market data rather than the user's. */
    public static final List<String> CATALOG_FIELDS = List.of("platforms", "bundles", "catalog", "content_lifecycle");

    private final UserStates states;
    private final RotationDecisions decisions;
    private final ObjectMapper json;
    private final Clock clock;

    UserMonths(UserStates states, RotationDecisions decisions, ObjectMapper json, Clock clock) {
        this.states = states;
        this.decisions = decisions;
        this.json = json;
        this.clock = clock;
    }

    /** A decided plan for a stored user. */
    public record UserPlan(JsonNode plan, List<RotationOutcome.Change> changes, List<String> why) {
    }

    /** The month request for a user: their state and the newest catalog, in the decision endpoint's JSON. */
    public ObjectNode requestFor(String userId, LocalDate asOf) {
        UserStates.State state = states.find(userId)
                .orElseThrow(() -> new NotFoundException("user_not_found", "No user " + userId));
        JsonNode catalog = states.latestCatalog().orElseThrow(() -> new ConflictException("no_catalog",
                "No content catalog has been received yet (PUT /api/v1/catalog)"));
        ObjectNode body = json.createObjectNode();
        body.put("user_id", userId).put("as_of", asOf.toString()).put("budget_cap", state.budgetCap())
                .put("currency", state.currency());
        ArrayNode watchlist = body.putArray("watchlist");
        state.watchlist().forEach(watchlist::add);
        ArrayNode subscriptions = body.putArray("active_subscriptions");
        state.subscriptions().forEach(subscriptions::add);
        return withCatalog(body, catalog);
    }

    /**
     * After a new catalog: every user with a plan this month whose watchlist holds a title whose leaving date
     * changed is re-decided for the rest of the cycle. Returns the users re-decided.
     */
    public List<String> catalogChanged(JsonNode previous, JsonNode current) {
        Map<String, String> before = leavingDates(previous);
        Map<String, String> after = leavingDates(current);
        Set<String> changedTitles = new java.util.TreeSet<>();
        before.forEach((key, date) -> {
            if (!date.equals(after.get(key))) {
                changedTitles.add(key.substring(0, key.indexOf('@')));
            }
        });
        after.forEach((key, date) -> {
            if (!date.equals(before.get(key))) {
                changedTitles.add(key.substring(0, key.indexOf('@')));
            }
        });
        LocalDate today = LocalDate.now(clock);
        List<String> users = states.usersPlannedWith(YearMonth.from(today), changedTitles);
        for (String user : users) {
            plan(user, today, "REEVALUATION", "leaving dates changed for " + String.join(", ", changedTitles));
        }
        return users;
    }

    private static Map<String, String> leavingDates(JsonNode catalog) {
        Map<String, String> dates = new HashMap<>();
        if (catalog != null) {
            catalog.path("content_lifecycle").forEach(e -> {
                if (e.hasNonNull("leaving_date")) {
                    dates.put(e.path("title_id").asText() + "@" + e.path("platform_id").asText(), e.get("leaving_date").asText());
                }
            });
        }
        return dates;
    }

    /** A user's state as sent (before it is stored), completed with the newest catalog, for validation. */
    public ObjectNode requestForCatalog(String userId, JsonNode userState) {
        JsonNode catalog = states.latestCatalog().orElseThrow(() -> new ConflictException("no_catalog",
                "No content catalog has been received yet (PUT /api/v1/catalog)"));
        ObjectNode body = json.createObjectNode();
        body.put("user_id", userId);
        for (String field : List.of("budget_cap", "currency", "watchlist", "active_subscriptions")) {
            if (userState.has(field)) {
                body.set(field, userState.get(field));
            }
        }
        return withCatalog(body, catalog);
    }

    /** The catalog's market data (platforms, bundles, catalog, content calendar) added to a request body. */
    private static ObjectNode withCatalog(ObjectNode body, JsonNode catalog) {
        for (String field : CATALOG_FIELDS) {
            if (catalog.has(field)) {
                body.set(field, catalog.get(field));
            }
        }
        return body;
    }

    /** Decides, logs and stores the user's plan for the month of {@code asOf}. */
    public JsonNode plan(String userId, LocalDate asOf, String trigger, String reason) {
        ObjectNode body = requestFor(userId, asOf);
        RotationRequest request;
        try {
            request = new RotationRequestReader(clock).read(body);
        } catch (InvalidRequestException e) {
            throw new ConflictException("state_inconsistent", "The user's state does not fit the content catalog: "
                    + e.problems().stream().map(p -> p.path() + " " + p.message()).collect(Collectors.joining("; ")));
        }
        byte[] answer = decisions.decide(request, body.toString()).json();
        JsonNode plan = tree(answer);
        states.savePlan(userId, java.util.UUID.fromString(plan.get("decision_id").asText()),
                YearMonth.from(asOf).atDay(1), trigger, reason, new String(answer, java.nio.charset.StandardCharsets.UTF_8));
        return plan;
    }

    /**
     * Marks a title's status (and progress); when it becomes completed or hibernating and the month already
     * has a plan, re-decides the rest of the cycle and says what changed and why.
     */
    public UserPlan markTitle(String userId, String titleId, String status, Integer episodesWatched) {
        UserStates.State state = states.find(userId)
                .orElseThrow(() -> new NotFoundException("user_not_found", "No user " + userId));
        JsonNode item = state.watchlist().stream().filter(w -> w.path("title_id").asText().equals(titleId)).findFirst()
                .orElseThrow(() -> new NotFoundException("title_not_found", "No title " + titleId + " on " + userId
                        + "'s watchlist"));
        String before = item.path("status").asText("WANT");
        ObjectNode updated = ((ObjectNode) item).deepCopy();
        if (status != null) {
            updated.put("status", status);
        }
        if (episodesWatched != null) {
            updated.put("episodes_watched", episodesWatched);
        }
        states.putWatchItem(userId, updated);
        LocalDate today = LocalDate.now(clock);
        List<UserStates.StoredPlan> plans = states.plans(userId, YearMonth.from(today));
        boolean dropsValue = status != null && !status.equals(before)
                && (status.equals("COMPLETED") || status.equals("HIBERNATING"));
        if (!dropsValue || plans.isEmpty()) {
            return new UserPlan(null, List.of(), List.of(dropsValue ? "No plan this month yet: nothing to re-evaluate"
                    : "The title's value did not drop: no re-evaluation"));
        }
        JsonNode previous = plans.get(plans.size() - 1).plan();
        String reason = updated.path("name").asText(titleId) + " marked " + status;
        JsonNode plan = plan(userId, today, "REEVALUATION", reason);
        List<RotationOutcome.Change> changes = RotationOutcome.of(previous).changesTo(RotationOutcome.of(plan));
        List<String> why = new ArrayList<>();
        why.add(reason + ": it is worth nothing from now on, so every platform carrying it lost its value");
        Map<String, BigDecimal> was = utilities(previous);
        utilities(plan).forEach((platform, now) -> {
            BigDecimal then = was.getOrDefault(platform, BigDecimal.ZERO);
            if (now.compareTo(then) != 0) {
                why.add(platform + " utility " + then.toPlainString() + " -> " + now.toPlainString());
            }
        });
        if (changes.isEmpty()) {
            why.add("The plan for the rest of the cycle stays as it was");
        }
        return new UserPlan(plan, changes, why);
    }

    /**
     * Closes a month: writes its savings entries (baseline services not paid for, or paid for at less, as the
     * user's subscriptions stand now) and lets a service the previous month's plan subscribed to, and that the
     * user still has, join the baseline.
     */
    public Map<String, Object> closeMonth(String userId, YearMonth month) {
        UserStates.State state = states.find(userId)
                .orElseThrow(() -> new NotFoundException("user_not_found", "No user " + userId));
        Map<String, SavingsLedger.Paid> paid = new LinkedHashMap<>();
        for (JsonNode s : state.subscriptions()) {
            paid.put(s.path("platform_id").asText(), new SavingsLedger.Paid(s.path("platform_id").asText(),
                    s.path("tier_id").asText(null), s.path("monthly_cost").decimalValue()));
        }
        List<String> joined = new ArrayList<>();
        Set<String> inBaseline = states.baseline(userId).stream().map(SavingsLedger.BaselineService::platformId)
                .collect(Collectors.toSet());
        for (UserStates.StoredPlan previous : states.plans(userId, month.minusMonths(1))) {
            for (JsonNode s : previous.plan().path("action_plan").path("subscribe")) {
                List<String> platforms = new ArrayList<>();
                if (s.hasNonNull("platform_id")) {
                    platforms.add(s.get("platform_id").asText());
                }
                s.path("platform_ids").forEach(p -> platforms.add(p.asText()));
                for (String platform : platforms) {
                    SavingsLedger.Paid now = paid.get(platform);
                    if (now != null && !inBaseline.contains(platform)) {
                        states.joinBaseline(userId, new SavingsLedger.BaselineService(platform, now.tierId(),
                                now.monthlyCost(), month, "KEPT_RECOMMENDATION"));
                        inBaseline.add(platform);
                        joined.add(platform);
                    }
                }
            }
        }
        List<SavingsLedger.Entry> entries = SavingsLedger.entriesFor(month, states.baseline(userId), paid);
        states.replaceSavings(userId, month, entries);
        Map<String, Object> closed = new LinkedHashMap<>();
        closed.put("month", month.toString());
        closed.put("entries", entries);
        closed.put("joined_baseline", joined);
        closed.putAll(savings(userId, month));
        return closed;
    }

    /** The ledger through a month: entries, the 12-month total and the sentences users read. */
    public Map<String, Object> savings(String userId, YearMonth through) {
        UserStates.State state = states.find(userId)
                .orElseThrow(() -> new NotFoundException("user_not_found", "No user " + userId));
        List<SavingsLedger.Entry> entries = states.savings(userId);
        Map<String, String> names = new HashMap<>();
        states.latestCatalog().ifPresent(c -> c.path("platforms").forEach(p ->
                names.put(p.path("platform_id").asText(), p.path("name").asText(p.path("platform_id").asText()))));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("through", through.toString());
        out.put("yearly_total", SavingsLedger.yearlyTotal(entries, through));
        out.put("sentences", SavingsLedger.sentences(entries, through, names, state.currency()));
        out.put("ledger", entries.stream().filter(e -> !e.month().isAfter(through)).toList());
        out.put("baseline", states.baseline(userId));
        return out;
    }

    private static Map<String, BigDecimal> utilities(JsonNode plan) {
        Map<String, BigDecimal> utilities = new LinkedHashMap<>();
        plan.path("platform_scores").forEach(p -> utilities.put(p.path("platform_id").asText(),
                p.path("utility_score").decimalValue()));
        return utilities;
    }

    private JsonNode tree(byte[] bytes) {
        try {
            return json.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
