package com.subdecide.customers;

import com.fasterxml.jackson.databind.JsonNode;
import com.subdecide.customers.domain.ValueAssumptions;
import com.subdecide.system.ConflictException;
import com.subdecide.system.JsonRequestReader;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Monthly recurring revenue forecasts from the stored histories, every complete month since the first with
 * revenue: the flow model of {@link RevenueFlow} (subscribers churning at their recent rate and arriving as
 * Holt-Winters with trend and season forecasts them, times the average price), with 80% and 95% intervals from
 * simulated futures and a rolling-origin backtest of the same model on the same history. Scenarios move its
 * levers: price (and through the table's elasticities churn and acquisition), churn and acquisition; the same
 * random futures drive baseline and scenario, so their difference is the scenario's alone.
 */
@Service
public class RevenueForecasts {

    static final int SEASON = RevenueFlow.SEASON;
    static final int MAX_MONTHS = 36;
    private static final long SEED = 20_070_101L;
    static final String METHOD = "subscriber flow: churn at the last 12 months' rate, new subscriptions by Holt-Winters "
            + "(additive trend, multiplicative 12-month season), times the average price; median and intervals of "
            + "2,000 simulated futures";

    public record Point(String month, BigDecimal mrr, BigDecimal low80, BigDecimal high80, BigDecimal low95,
            BigDecimal high95) {
    }

    public record Backtest(int origins, int horizonMonths, double mape, double coverage80, double coverage95) {
    }

    public record Forecast(String currency, String segment, String method, int historyMonths, String firstMonth,
            String lastMonth, BigDecimal lastMrr, List<Point> forecast, Backtest backtest, Map<String, Double> model) {
    }

    public record PriceChange(String planId, double changePct) {
    }

    public record Scenario(String name, List<PriceChange> priceChanges, double churnMultiplier, double acquisition) {
    }

    public record ScenarioRequest(int months, String currency, String segment, List<Scenario> scenarios) {
    }

    public record Assumptions(double priceChangePct, double monthlyChurnRate, double newCustomersPerMonth,
            double churnPriceElasticity, double acquisitionPriceElasticity) {
    }

    public record ScenarioPoint(String month, BigDecimal mrr, BigDecimal low80, BigDecimal high80, BigDecimal low95,
            BigDecimal high95, BigDecimal delta) {
    }

    public record ScenarioOutcome(String name, Assumptions assumptions, List<ScenarioPoint> forecast,
            BigDecimal totalDelta, BigDecimal lastMonthDelta) {
    }

    public record Scenarios(Forecast baseline, Assumptions baselineAssumptions, List<ScenarioOutcome> scenarios) {
    }

    private final SubscriptionEvents events;
    private final CustomerProfiles profiles;
    private final PriceBook priceBook;
    private final CustomerTables tables;
    private final JdbcClient jdbc;
    private final Clock clock;

    RevenueForecasts(SubscriptionEvents events, CustomerProfiles profiles, PriceBook priceBook, CustomerTables tables,
            JdbcClient jdbc, Clock clock) {
        this.events = events;
        this.profiles = profiles;
        this.priceBook = priceBook;
        this.tables = tables;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    private record History(List<SubscriptionEvents.Month> months) {

        RevenueFlow.Base base() {
            return new RevenueFlow.Base(months.stream().mapToDouble(SubscriptionEvents.Month::activeCustomers).toArray(),
                    months.stream().mapToDouble(SubscriptionEvents.Month::newCustomers).toArray(),
                    months.stream().mapToDouble(SubscriptionEvents.Month::cancelled).toArray(),
                    months.stream().mapToDouble(m -> m.mrr().doubleValue()).toArray());
        }
    }

    public Forecast forecast(int months, String currency, String segment) {
        return forecast(history(currency, segment), months, currency, segment);
    }

    private Forecast forecast(History history, int months, String currency, String segment) {
        RevenueFlow.Base base = history.base();
        RevenueFlow.Result f = RevenueFlow.forecast(base, months, RevenueFlow.Levers.NONE, SEED);
        int horizon = Math.min(months, 6);
        int origins = Math.min(6, base.months() - (2 * SEASON + 1) - horizon + 1);
        if (origins < 1) {
            horizon = base.months() - (2 * SEASON + 1);
            origins = 1;
        }
        HoltWinters.Backtest b = RevenueFlow.backtest(base, horizon, origins, SEED);
        Map<String, Double> model = new LinkedHashMap<>();
        model.put("monthly_churn_rate", CustomerValues.round(f.churnRate(), 5));
        model.put("average_monthly_price", CustomerValues.round(f.averagePrice(), 2));
        model.put("acquisition_alpha", CustomerValues.round(f.acquisitionModel().alpha(), 4));
        model.put("acquisition_beta", CustomerValues.round(f.acquisitionModel().beta(), 4));
        model.put("acquisition_gamma", CustomerValues.round(f.acquisitionModel().gamma(), 4));
        return new Forecast(currency, segment, METHOD, base.months(), history.months().get(0).month(),
                history.months().get(history.months().size() - 1).month(),
                CustomerValues.money(base.mrr()[base.months() - 1]), points(history, f),
                new Backtest(b.origins(), b.horizon(), CustomerValues.round(b.mape(), 4),
                        CustomerValues.round(b.coverage80(), 4), CustomerValues.round(b.coverage95(), 4)),
                model);
    }

    private static List<Point> points(History history, RevenueFlow.Result f) {
        YearMonth last = YearMonth.parse(history.months().get(history.months().size() - 1).month());
        List<Point> points = new ArrayList<>();
        for (int h = 0; h < f.point().length; h++) {
            points.add(new Point(last.plusMonths(h + 1).toString(), CustomerValues.money(f.point()[h]),
                    CustomerValues.money(f.low80()[h]), CustomerValues.money(f.high80()[h]),
                    CustomerValues.money(f.low95()[h]), CustomerValues.money(f.high95()[h])));
        }
        return points;
    }

    /** Every complete month from the first with revenue to the last before this one (409 when too short). */
    private History history(String currency, String segment) {
        ValueAssumptions v = tables.assumptions(segment).fact();
        int minimum = Math.max(2 * SEASON + 1, v.minimumHistoryMonths());
        Timestamp first = jdbc.sql("SELECT min(occurred_at) FROM subscription_event")
                .query((rs, i) -> rs.getTimestamp(1)).list().get(0);
        YearMonth lastComplete = YearMonth.from(clock.instant().atZone(ZoneOffset.UTC)).minusMonths(1);
        List<SubscriptionEvents.Month> months = new ArrayList<>();
        if (first != null) {
            YearMonth start = YearMonth.from(first.toInstant().atZone(ZoneOffset.UTC));
            if (!start.isAfter(lastComplete)) {
                if (start.plusMonths(240).isBefore(lastComplete)) {
                    start = lastComplete.minusMonths(240);
                }
                months = new ArrayList<>(events.mrr(start, lastComplete, currency, segment).months());
            }
        }
        while (!months.isEmpty() && months.get(0).mrr().signum() == 0) {
            months.remove(0);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("currency", currency);
        if (segment != null) {
            details.put("segment", segment);
        }
        details.put("months_of_history", months.size());
        details.put("minimum_history_months", minimum);
        if (!months.isEmpty()) {
            details.put("first_month", months.get(0).month());
            details.put("last_month", months.get(months.size() - 1).month());
        }
        if (months.size() < minimum) {
            throw new ConflictException("data_quality_issue", "A revenue forecast needs at least " + minimum
                    + " complete months of revenue (customer-value.drl.xlsx, and two years for the season); there "
                    + (months.size() == 1 ? "is 1" : "are " + months.size()), details);
        }
        List<String> empty = months.stream().filter(m -> m.mrr().signum() == 0).map(SubscriptionEvents.Month::month)
                .toList();
        if (!empty.isEmpty()) {
            details.put("months_without_revenue", empty);
            throw new ConflictException("data_quality_issue", "The history has months without revenue after its first: "
                    + String.join(", ", empty), details);
        }
        return new History(months);
    }

    /** Reads {@code {months, currency, segment, scenarios: [{name, price_changes, churn_multiplier, acquisition}]}}. */
    public ScenarioRequest read(JsonNode body) {
        JsonRequestReader in = new JsonRequestReader();
        Integer months = in.count(body, "$", "months", MAX_MONTHS);
        if (months != null && months < 1) {
            in.problem("$.months", "out_of_range", "'months' must be between 1 and " + MAX_MONTHS);
        }
        String currency = in.string(body, "$", "currency", false, 3);
        if (currency != null && !currency.matches("[A-Z]{3}")) {
            in.problem("$.currency", "invalid_currency", "'currency' must be an ISO 4217 code like USD");
        }
        String segment = in.string(body, "$", "segment", false, 100);
        PriceBook.Book book = priceBook.current().orElse(null);
        List<JsonNode> items = in.array(body, "$", "scenarios", true, 20);
        List<Scenario> scenarios = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String at = "$.scenarios[" + i + "]";
            JsonNode s = items.get(i);
            if (!in.isObject(s, at)) {
                continue;
            }
            String name = in.string(s, at, "name", true, 100);
            if (name != null && !names.add(name)) {
                in.problem(at + ".name", "duplicate", "scenario '" + name + "' is named twice");
            }
            List<PriceChange> changes = new ArrayList<>();
            List<JsonNode> changeItems = in.array(s, at, "price_changes", false, 100);
            for (int j = 0; j < changeItems.size(); j++) {
                String cat = at + ".price_changes[" + j + "]";
                JsonNode c = changeItems.get(j);
                if (!in.isObject(c, cat)) {
                    continue;
                }
                String plan = in.string(c, cat, "plan_id", true, 100);
                if (plan != null && (book == null || book.plan(plan).isEmpty())) {
                    in.problem(cat + ".plan_id", "unknown_plan", "plan '" + plan + "' is not in the price book");
                }
                BigDecimal pct = in.number(c, cat, "change_pct", new BigDecimal("-90"), new BigDecimal("300"), null);
                if (pct == null && !c.hasNonNull("change_pct")) {
                    in.problem(cat + ".change_pct", "required", "'change_pct' is required (+10 raises the price by 10%)");
                }
                changes.add(new PriceChange(plan, pct == null ? 0 : pct.doubleValue()));
            }
            BigDecimal churn = in.number(s, at, "churn_multiplier", BigDecimal.ZERO, BigDecimal.TEN, BigDecimal.ONE);
            BigDecimal acquisition = in.number(s, at, "acquisition", BigDecimal.ZERO, BigDecimal.TEN, BigDecimal.ONE);
            scenarios.add(new Scenario(name, changes, churn == null ? 1 : churn.doubleValue(),
                    acquisition == null ? 1 : acquisition.doubleValue()));
        }
        in.throwIfProblems();
        return new ScenarioRequest(months == null ? 12 : months, currency == null ? "USD" : currency, segment, scenarios);
    }

    public Scenarios scenarios(ScenarioRequest request) {
        History history = history(request.currency(), request.segment());
        Forecast baseline = forecast(history, request.months(), request.currency(), request.segment());
        ValueAssumptions v = tables.assumptions(request.segment()).fact();
        RevenueFlow.Base base = history.base();
        RevenueFlow.Result plain = RevenueFlow.forecast(base, request.months(), RevenueFlow.Levers.NONE, SEED);
        Map<String, Double> planShares = planShares(YearMonth.parse(baseline.lastMonth()), request.currency(),
                request.segment());
        Assumptions none = new Assumptions(0, CustomerValues.round(plain.churnRate(), 5),
                CustomerValues.round(mean(plain.acquisitions()), 2), v.churnPriceElasticity(),
                v.acquisitionPriceElasticity());
        List<ScenarioOutcome> outcomes = new ArrayList<>();
        for (Scenario s : request.scenarios()) {
            double change = 0;
            for (PriceChange c : s.priceChanges()) {
                change += planShares.getOrDefault(c.planId(), 0.0) * c.changePct() / 100;
            }
            RevenueFlow.Levers levers = new RevenueFlow.Levers(1 + change,
                    s.churnMultiplier() * Math.max(0, 1 + v.churnPriceElasticity() * change),
                    s.acquisition() * Math.max(0, 1 + v.acquisitionPriceElasticity() * change));
            RevenueFlow.Result f = RevenueFlow.forecast(base, request.months(), levers, SEED);
            List<ScenarioPoint> points = new ArrayList<>();
            double total = 0;
            double lastDelta = 0;
            List<Point> shaped = points(history, f);
            for (int h = 0; h < request.months(); h++) {
                Point p = shaped.get(h);
                BigDecimal delta = p.mrr().subtract(baseline.forecast().get(h).mrr());
                total += delta.doubleValue();
                lastDelta = delta.doubleValue();
                points.add(new ScenarioPoint(p.month(), p.mrr(), p.low80(), p.high80(), p.low95(), p.high95(), delta));
            }
            outcomes.add(new ScenarioOutcome(s.name(), new Assumptions(CustomerValues.round(change * 100, 3),
                    CustomerValues.round(f.churnRate(), 5), CustomerValues.round(mean(f.acquisitions()), 2),
                    v.churnPriceElasticity(), v.acquisitionPriceElasticity()), points, CustomerValues.money(total),
                    CustomerValues.money(lastDelta)));
        }
        return new Scenarios(baseline, none, outcomes);
    }

    private static double mean(double[] values) {
        return java.util.Arrays.stream(values).average().orElse(0);
    }

    /** Each plan's share of the MRR at the end of {@code month}. */
    private Map<String, Double> planShares(YearMonth month, String currency, String segment) {
        Instant end = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Map<String, Double> byPlan = new LinkedHashMap<>();
        double total = 0;
        for (CustomerProfiles.Profile p : profiles.all(end).values()) {
            if (p.active() && p.monthlyPrice() != null && currency.equals(p.currency())
                    && (segment == null || segment.equals(p.segment()))) {
                byPlan.merge(p.planId(), p.monthlyPrice().doubleValue(), Double::sum);
                total += p.monthlyPrice().doubleValue();
            }
        }
        double sum = total;
        byPlan.replaceAll((plan, mrr) -> sum == 0 ? 0 : mrr / sum);
        return byPlan;
    }
}
