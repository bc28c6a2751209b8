package com.subdecide.pricing;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subdecide.customers.CustomerValues;
import com.subdecide.customers.PriceBook;
import com.subdecide.customers.domain.ValueAssumptions;
import com.subdecide.pricing.domain.PriceLimits;
import com.subdecide.pricing.domain.TierOrder;
import com.subdecide.pricing.solver.PortfolioProblem;
import com.subdecide.pricing.solver.PortfolioSolution;
import com.subdecide.pricing.solver.PortfolioSolver;
import com.subdecide.rules.FiredRule;
import com.subdecide.rules.RuleRun;
import com.subdecide.rules.RuleSet;
import com.subdecide.rules.ActiveRuleSet;
import com.subdecide.system.ConflictException;
import com.subdecide.system.JsonRequestReader;
import com.subdecide.system.NotFoundException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.optaplanner.core.api.solver.SolverFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Price recommendations for a portfolio of plans and segments. Each cell's limits come from
 * {@code decision-tables/pricing-constraints.drl.xlsx} and {@code rules/pricing-guardrails.drl}; its candidate
 * prices are the ladder those limits allow (in the table's price ending), each valued over the horizon from the
 * cell's subscribers, arrivals, churn and elasticity ({@link PriceValuation}); the whole portfolio, with the tier
 * order, the customer cap and the revenue target across cells, is solved at once ({@link PortfolioSolver}), and
 * the answer carries the objective, the relaxation's bound and the gap.
 */
@Service
public class PriceRecommendations {

    public static final String SOLVER_CONFIG = "pricing-solver.xml";
    public static final Set<String> OBJECTIVES = Set.of("REVENUE", "PROFIT", "LTV");
    static final int MAX_CANDIDATES = 25;
    private static final Pattern ENDING = Pattern.compile("\\.\\d\\d");
    private static final int MAX_CELLS = 20_000;

    /** What is asked: which plans and segments (all when empty), the objective, horizon and portfolio caps. */
    public record Ask(List<String> plans, List<String> segments, String objective, int horizonMonths,
            Long maxCustomersAffected, BigDecimal revenueTarget, int timeLimitSeconds) {
    }

    public record Estimate(double value, @JsonProperty("interval_95") List<Double> interval95) {
    }

    public record Churn(double before, double after) {
    }

    /** A constraint that held a price back, where it is written and what it did. */
    public record Binding(String constraint, String detail, String source) {
    }

    /** A limit and the cell (or rule) that set it. */
    public record LimitSource(String limit, String source) {
    }

    public record Limits(BigDecimal lowest, BigDecimal highest, String priceEnding, int grandfatherMonths,
            int noticeDays, boolean increaseAllowed, List<LimitSource> sources) {
    }

    public record Recommendation(String planId, String segment, String currency, BigDecimal currentPrice,
            BigDecimal recommendedPrice, double changePercent, Estimate expectedConversionChange,
            Churn expectedMonthlyChurn, Estimate revenueChange, BigDecimal revenueBaseline, long activeSubscribers,
            long customersAffected, long customersGrandfathered, LocalDate existingCustomersFrom,
            Map<String, Object> elasticity, Limits limits, List<Binding> bindingConstraints, String reason) {
    }

    public record Portfolio(BigDecimal objectiveValue, BigDecimal baselineValue, BigDecimal bound, double gap,
            boolean optimal, String method, BigDecimal revenue, BigDecimal revenueBaseline, long customersAffected,
            long customersGrandfathered, Map<String, Object> solver) {
    }

    public record Answer(UUID recommendationId, String objective, int horizonMonths, String currency,
            Long maxCustomersAffected, BigDecimal revenueTarget, String rulesetVersion, OffsetDateTime createdAt,
            Portfolio portfolio, List<Recommendation> recommendations, List<Binding> portfolioBindings,
            List<String> notes) {
    }

    /** A cell being built: its plan, segment, limits, elasticity, state and candidates. */
    record CellPlan(PriceBook.Plan plan, String segment, double current, PriceLimits limits, double lo, double hi,
            String loBy, String hiBy, Elasticities.Estimate elasticity, PriceValuation valuation, List<Double> prices,
            PortfolioState.CellState state) {
    }

    private final PriceBook priceBook;
    private final Elasticities elasticities;
    private final MarketPrices market;
    private final PortfolioState states;
    private final SegmentPrices segmentPrices;
    private final CustomerValues values;
    private final ActiveRuleSet rules;
    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    PriceRecommendations(PriceBook priceBook, Elasticities elasticities, MarketPrices market, PortfolioState states,
            SegmentPrices segmentPrices, CustomerValues values, ActiveRuleSet rules, JdbcClient jdbc, ObjectMapper json,
            Clock clock) {
        this.priceBook = priceBook;
        this.elasticities = elasticities;
        this.market = market;
        this.states = states;
        this.segmentPrices = segmentPrices;
        this.values = values;
        this.rules = rules;
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** Reads and checks an ask against the price book; every bad field named. */
    public Ask read(JsonNode body) {
        JsonRequestReader in = new JsonRequestReader();
        if (!in.isObject(body, "$")) {
            in.throwIfProblems();
        }
        PriceBook.Book book = priceBook.require();
        List<String> plans = in.strings(body, "$", "plans", 1000, 100, null);
        List<String> segments = in.strings(body, "$", "segments", 1000, 100, null);
        if (plans != null) {
            for (int i = 0; i < plans.size(); i++) {
                if (book.plan(plans.get(i)).isEmpty()) {
                    in.problem("$.plans[" + i + "]", "unknown_plan", "'" + plans.get(i) + "' is not in the price book");
                }
            }
        }
        if (segments != null) {
            for (int i = 0; i < segments.size(); i++) {
                if (!book.hasSegment(segments.get(i))) {
                    in.problem("$.segments[" + i + "]", "unknown_segment", "'" + segments.get(i)
                            + "' is not in the price book");
                }
            }
        }
        String objective = in.choice(body, "$", "objective", OBJECTIVES, "REVENUE");
        Integer horizon = in.count(body, "$", "horizon_months", 60);
        if (horizon != null && horizon < 1) {
            in.problem("$.horizon_months", "out_of_range", "'horizon_months' must be between 1 and 60");
        }
        Integer cap = in.count(body, "$", "max_customers_affected", Integer.MAX_VALUE - 1);
        BigDecimal target = in.money(body, "$", "revenue_target", false, new BigDecimal("1000000000000"));
        Integer seconds = in.count(body, "$", "time_limit_seconds", 300);
        if (seconds != null && seconds < 1) {
            in.problem("$.time_limit_seconds", "out_of_range", "'time_limit_seconds' must be between 1 and 300");
        }
        List<String> chosenPlans = plans == null || plans.isEmpty()
                ? book.plans().stream().map(PriceBook.Plan::planId).toList() : List.copyOf(new LinkedHashSet<>(plans));
        if (!in.hasProblems()) {
            Set<String> currencies = new TreeSet<>();
            chosenPlans.forEach(p -> currencies.add(book.plan(p).orElseThrow().currency()));
            if (currencies.size() > 1) {
                in.problem("$.plans", "mixed_currencies", "one portfolio is in one currency; these plans are in "
                        + String.join(", ", currencies) + ": ask once per currency");
            }
        }
        in.throwIfProblems();
        List<String> chosenSegments = segments == null || segments.isEmpty()
                ? book.segments().stream().map(PriceBook.Segment::segment).toList()
                : List.copyOf(new LinkedHashSet<>(segments));
        if ((long) chosenPlans.size() * chosenSegments.size() > MAX_CELLS) {
            in.problem("$.plans", "too_many_cells", "at most " + MAX_CELLS + " plans × segments in one portfolio");
            in.throwIfProblems();
        }
        return new Ask(chosenPlans, chosenSegments, objective, horizon == null ? 12 : horizon,
                cap == null ? null : cap.longValue(), target, seconds == null ? 10 : seconds);
    }

    /** Recommends prices for the ask and stores the answer. */
    public Answer recommend(Ask ask, String user) {
        RuleSet ruleSet = rules.current();
        SolverFactory<PortfolioSolution> factory = ruleSet.<PortfolioSolution>solverFactory(SOLVER_CONFIG)
                .orElseThrow(() -> new IllegalStateException("the rule set has no solver-config/" + SOLVER_CONFIG));
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        PriceBook.Book book = priceBook.require();
        Map<SegmentPrices.Key, BigDecimal> overrides = segmentPrices.overrides();
        Map<SegmentPrices.Key, PortfolioState.CellState> state = states.at(now);
        Map<String, BigDecimal> medians = medians();
        Map<String, double[]> segmentTotals = new HashMap<>();
        state.forEach((k, s) -> {
            double[] t = segmentTotals.computeIfAbsent(k.segment(), x -> new double[2]);
            t[0] += s.active();
            t[1] += s.cancelled90();
        });

        List<PriceLimits> limits = new ArrayList<>();
        for (String segment : ask.segments()) {
            double[] t = segmentTotals.getOrDefault(segment, new double[2]);
            double churn = PortfolioState.monthlyChurn((long) t[0], (long) t[1]);
            for (String planId : ask.plans()) {
                PriceBook.Plan plan = book.plan(planId).orElseThrow();
                BigDecimal median = medians.get(planId);
                limits.add(new PriceLimits(planId, segment, plan.tierOrder(), plan.currency(), plan.interval(),
                        SegmentPrices.current(plan, segment, overrides).doubleValue(),
                        median == null ? null : median.doubleValue(), churn));
            }
        }
        List<TierOrder> tiers;
        Map<String, FiredRule> fired;
        try (RuleRun run = ruleSet.newRun()) {
            limits.forEach(run::insert);
            run.fireAll();
            tiers = run.facts(TierOrder.class);
            fired = run.firedByName();
        }

        List<String> notes = new ArrayList<>();
        if (medians.isEmpty()) {
            notes.add("no competitor prices (PUT /api/v1/pricing/market): the competitive threshold is not applied");
        }
        Map<String, ValueAssumptions> assumptions = new HashMap<>();
        ask.segments().forEach(s -> assumptions.put(s, values.assumptions(s)));
        List<CellPlan> cells = new ArrayList<>();
        List<Map<String, Object>> missing = new ArrayList<>();
        List<Map<String, Object>> empty = new ArrayList<>();
        boolean marketEmpty = false;
        for (PriceLimits l : limits) {
            Elasticities.Estimate e;
            try {
                e = elasticities.of(l.getPlanId(), l.getSegment());
            } catch (ConflictException ex) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("plan_id", l.getPlanId());
                m.put("segment", l.getSegment());
                m.put("missing", ex.getMessage());
                if (ex.details() != null) {
                    m.putAll(ex.details());
                }
                missing.add(m);
                continue;
            }
            CellPlan cell = cell(book.plan(l.getPlanId()).orElseThrow(), l, e, state.getOrDefault(
                    new SegmentPrices.Key(l.getPlanId(), l.getSegment()), PortfolioState.EMPTY),
                    assumptions.get(l.getSegment()), ask.horizonMonths(), fired);
            if (cell.prices().isEmpty()) {
                marketEmpty |= "competitive_threshold".equals(cell.hiBy());
                empty.add(emptyCell(cell, fired));
            }
            cells.add(cell);
        }
        if (!missing.isEmpty()) {
            throw new ConflictException("data_quality_issue", missing.size() + " of " + limits.size()
                    + " plans × segments have no elasticity: the demand data cannot support a recommendation there",
                    Map.of("cells", missing, "alternatives", List.of("send more price exposures for these plans and "
                            + "segments (POST /api/v1/pricing/exposures) or run a PRICING experiment on them",
                            "leave these segments out of 'segments'")));
        }
        if (!empty.isEmpty()) {
            throw new ConflictException(marketEmpty ? "market_position_risk" : "pricing_constraint_violation",
                    empty.size() + " plans × segments have no price within their limits", Map.of("cells", empty,
                            "alternatives", empty.stream().map(m -> m.get("alternative")).toList()));
        }

        PortfolioProblem problem = problem(cells, tiers, ask);
        PortfolioSolver.Solved solved = PortfolioSolver.solve(problem, factory, ask.timeLimitSeconds() * 1000L);
        if (!solved.feasible()) {
            throw infeasible(ask, cells, problem, solved, factory);
        }
        Answer answer = answer(ask, cells, tiers, problem, solved, fired, ruleSet.version(), now, today, notes);
        jdbc.sql("INSERT INTO price_recommendation (recommendation_id, created_at, created_by, body) "
                + "VALUES (:id, :at, :by, cast(:body AS jsonb))").param("id", answer.recommendationId())
                .param("at", java.sql.Timestamp.from(now)).param("by", user).param("body", write(answer)).update();
        return answer;
    }

    /** A stored recommendation as it was answered. */
    public JsonNode find(UUID id) {
        List<String> body = jdbc.sql("SELECT body::text FROM price_recommendation WHERE recommendation_id = :id")
                .param("id", id).query(String.class).list();
        if (body.isEmpty()) {
            throw new NotFoundException("unknown_recommendation", "No price recommendation " + id);
        }
        try {
            return json.readTree(body.get(0));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, BigDecimal> medians() {
        Map<String, BigDecimal> medians = new HashMap<>();
        try {
            market.current().plans().forEach(p -> medians.put(p.planId(), p.median()));
        } catch (NotFoundException none) {
            // no market data: the competitive threshold has nothing to hold against
        }
        return medians;
    }

    static CellPlan cell(PriceBook.Plan plan, PriceLimits l, Elasticities.Estimate e, PortfolioState.CellState s,
            ValueAssumptions v, int horizon, Map<String, FiredRule> fired) {
        double current = l.getCurrentPrice();
        Range range = range(l);
        double lo = range.lo();
        double hi = range.hi();
        String loBy = range.loBy();
        String hiBy = range.hiBy();
        List<Double> prices = ladder(current, lo, hi, l.priceEnding(), MAX_CANDIDATES);
        double monthlyFactor = "YEAR".equals(plan.interval()) ? 1 / 12.0 : 1;
        int noticeMonths = (int) Math.ceil(l.noticeDays() / 30.0);
        double churn = s.active() >= 50 ? PortfolioState.monthlyChurn(s.active(), s.cancelled90()) : l.getMonthlyChurn();
        double paid = s.active() == 0 ? current * monthlyFactor : s.averageMonthlyPrice();
        PriceValuation valuation = new PriceValuation(s.active(), paid, s.arrivalsPerMonth(), current, churn,
                v.churnPriceElasticity(), v.margin(), v.monthlyDiscountRate(), horizon,
                1 + Math.max(l.grandfatherMonths(), noticeMonths), monthlyFactor);
        return new CellPlan(plan, l.getSegment(), current, l, lo, hi, loBy, hiBy, e, valuation, prices, s);
    }

    /** The lowest and highest price a cell's limits allow, and which limit set each (null: none). */
    record Range(double lo, double hi, String loBy, String hiBy) {
    }

    static Range range(PriceLimits l) {
        double current = l.getCurrentPrice();
        double lo = 0.01;
        String loBy = null;
        double hi = Double.POSITIVE_INFINITY;
        String hiBy = null;
        if (l.minimumPrice() != null && l.minimumPrice() > lo) {
            lo = l.minimumPrice();
            loBy = "minimum_price";
        }
        if (l.maxChangePercent() != null) {
            double down = current * (1 - l.maxChangePercent() / 100);
            double up = current * (1 + l.maxChangePercent() / 100);
            if (down > lo) {
                lo = down;
                loBy = "max_change";
            }
            hi = up;
            hiBy = "max_change";
        }
        if (l.maximumPrice() != null && l.maximumPrice() < hi) {
            hi = l.maximumPrice();
            hiBy = "maximum_price";
        }
        if (l.competitivePercent() != null && l.getCompetitorMedian() != null
                && l.getCompetitorMedian() * l.competitivePercent() / 100 < hi) {
            hi = l.getCompetitorMedian() * l.competitivePercent() / 100;
            hiBy = "competitive_threshold";
        }
        if (l.increaseForbidden() && current < hi) {
            hi = current;
            hiBy = "no_increase";
        }
        if (hi == Double.POSITIVE_INFINITY) {
            hi = current * 2;
            hiBy = null;
        }
        return new Range(lo, hi, loBy, hiBy);
    }

    /**
     * The candidate prices within [lo, hi]: those with the ending (every one when there are few, else evenly
     * spread), cents free when the ending is {@code any}; the current price always when it is within the limits.
     */
    static List<Double> ladder(double current, double lo, double hi, String ending, int max) {
        TreeSet<Double> all = new TreeSet<>();
        if (ending != null && ENDING.matcher(ending).matches()) {
            double cents = Integer.parseInt(ending.substring(1)) / 100.0;
            for (long k = (long) Math.floor(lo); k <= (long) Math.floor(hi); k++) {
                double p = k + cents;
                if (p >= lo - 1e-9 && p <= hi + 1e-9 && p > 0) {
                    all.add(round2(p));
                }
            }
        } else if (hi >= lo) {
            double low = Math.ceil(lo * 100 - 1e-6) / 100;
            double high = Math.floor(hi * 100 + 1e-6) / 100;
            for (int i = 0; i < max && high >= low; i++) {
                all.add(Math.min(high, Math.max(low, round2(low + (high - low) * i / Math.max(1, max - 1)))));
            }
        }
        List<Double> list = new ArrayList<>(all);
        TreeSet<Double> chosen = new TreeSet<>();
        if (list.size() > max - 1) {
            for (int i = 0; i < max - 1; i++) {
                chosen.add(list.get((int) Math.round((double) i * (list.size() - 1) / (max - 2))));
            }
        } else {
            chosen.addAll(list);
        }
        if (current >= lo - 1e-9 && current <= hi + 1e-9) {
            chosen.add(round2(current));
        }
        return new ArrayList<>(chosen);
    }

    static PortfolioProblem problem(List<CellPlan> cells, List<TierOrder> tiers, Ask ask) {
        List<PortfolioProblem.Cell> list = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            CellPlan c = cells.get(i);
            List<PortfolioProblem.Option> options = new ArrayList<>();
            int keep = -1;
            for (int j = 0; j < c.prices().size(); j++) {
                double p = c.prices().get(j);
                PriceValuation.Worth w = c.valuation().at(p, c.elasticity().elasticity());
                options.add(new PortfolioProblem.Option(p, cents(w.of(ask.objective())), cents(w.revenue()),
                        w.affected()));
                if (Math.abs(p - c.current()) < 0.005) {
                    keep = j;
                }
            }
            list.add(new PortfolioProblem.Cell(i, c.plan().planId(), c.segment(), options, keep));
        }
        return new PortfolioProblem(list, pairs(cells, tiers), ask.maxCustomersAffected() == null ? -1
                : ask.maxCustomersAffected(), ask.revenueTarget() == null ? Long.MIN_VALUE
                : ask.revenueTarget().movePointRight(2).longValueExact());
    }

    private static List<PortfolioProblem.Pair> pairs(List<CellPlan> cells, List<TierOrder> tiers) {
        Map<SegmentPrices.Key, Integer> index = new HashMap<>();
        for (int i = 0; i < cells.size(); i++) {
            index.put(new SegmentPrices.Key(cells.get(i).plan().planId(), cells.get(i).segment()), i);
        }
        List<PortfolioProblem.Pair> pairs = new ArrayList<>();
        for (TierOrder t : tiers) {
            Integer lower = index.get(new SegmentPrices.Key(t.lowerPlan(), t.segment()));
            Integer upper = index.get(new SegmentPrices.Key(t.upperPlan(), t.segment()));
            if (lower != null && upper != null) {
                pairs.add(new PortfolioProblem.Pair(lower, upper, t.minimumGapPercent() / 100));
            }
        }
        return pairs;
    }

    private static Map<String, Object> emptyCell(CellPlan c, Map<String, FiredRule> fired) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("plan_id", c.plan().planId());
        m.put("segment", c.segment());
        m.put("current_price", money(c.current()));
        m.put("lowest_allowed", money(c.lo()));
        m.put("highest_allowed", money(c.hi()));
        m.put("lowest_set_by", source(c.limits(), c.loBy(), fired));
        m.put("highest_set_by", source(c.limits(), c.hiBy(), fired));
        if (c.limits().getCompetitorMedian() != null) {
            m.put("competitor_median", money(c.limits().getCompetitorMedian()));
        }
        String alternative;
        if ("competitive_threshold".equals(c.hiBy()) && "max_change".equals(c.loBy())) {
            double needed = (1 - c.hi() / c.current()) * 100;
            alternative = c.plan().planId() + "/" + c.segment() + ": allow a change of "
                    + BigDecimal.valueOf(Math.ceil(needed * 10) / 10).stripTrailingZeros().toPlainString()
                    + "% to reach " + money(c.hi()) + " (the competitive threshold), or raise the threshold";
        } else {
            alternative = c.plan().planId() + "/" + c.segment() + ": the lowest allowed price " + money(c.lo())
                    + " is above the highest " + money(c.hi()) + " (or no price between them has the ending "
                    + c.limits().priceEnding() + "): widen one of the limits";
        }
        m.put("alternative", alternative);
        return m;
    }

    private ConflictException infeasible(Ask ask, List<CellPlan> cells, PortfolioProblem problem,
            PortfolioSolver.Solved solved, SolverFactory<PortfolioSolution> factory) {
        long seconds = Math.max(1, ask.timeLimitSeconds() / 3);
        List<String> alternatives = new ArrayList<>();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("solver_score", solved.score());
        if (problem.hasTarget()) {
            PortfolioProblem noTarget = new PortfolioProblem(problem.cells(), problem.pairs(), problem.maxAffected(),
                    Long.MIN_VALUE);
            PortfolioProblem revenueOnly = revenueObjective(noTarget);
            PortfolioSolver.Solved most = PortfolioSolver.solve(revenueOnly, factory, seconds * 1000);
            if (most.feasible()) {
                BigDecimal reachable = BigDecimal.valueOf(most.objective()).movePointLeft(2);
                BigDecimal boundRevenue = BigDecimal.valueOf((long) Math.floor(most.bound())).movePointLeft(2);
                details.put("revenue_target", ask.revenueTarget());
                details.put("highest_revenue_found", reachable);
                details.put("revenue_bound", boundRevenue);
                alternatives.add("lower revenue_target to " + reachable.toPlainString() + " (the highest revenue found "
                        + "within the limits; no portfolio can exceed " + boundRevenue.toPlainString() + ")");
            }
            if (problem.hasCap()) {
                PortfolioProblem noCap = revenueObjective(new PortfolioProblem(problem.cells(), problem.pairs(), -1,
                        problem.minRevenue()));
                PortfolioSolver.Solved uncapped = PortfolioSolver.solve(noCap, factory, seconds * 1000);
                if (uncapped.feasible()) {
                    long needed = noCap.affected(uncapped.choice());
                    details.put("customers_affected_needed", needed);
                    alternatives.add("raise max_customers_affected to " + needed + ": the target is reachable then");
                }
            }
            alternatives.add("widen the limits in decision-tables/pricing-constraints.drl.xlsx");
            details.put("alternatives", alternatives);
            return new ConflictException("revenue_target_conflict", "no portfolio within the limits reaches a revenue "
                    + "of " + ask.revenueTarget().toPlainString() + " over " + ask.horizonMonths() + " months", details);
        }
        if (problem.hasCap()) {
            PortfolioProblem noCap = new PortfolioProblem(problem.cells(), problem.pairs(), -1, Long.MIN_VALUE);
            PortfolioSolver.Solved fewest = PortfolioSolver.solve(affectedObjective(noCap), factory, seconds * 1000);
            if (fewest.feasible()) {
                long needed = noCap.affected(fewest.choice());
                details.put("customers_affected_needed", needed);
                alternatives.add("raise max_customers_affected to " + needed + ": the current prices break the tier "
                        + "order, so some customers must see a change");
            }
            details.put("alternatives", alternatives);
            return new ConflictException("customer_impact_too_high", "keeping the tier order changes more than "
                    + ask.maxCustomersAffected() + " customers' prices", details);
        }
        List<Map<String, Object>> broken = new ArrayList<>();
        for (PortfolioProblem.Pair p : problem.pairs()) {
            CellPlan low = cells.get(p.lower());
            CellPlan high = cells.get(p.upper());
            if (!p.holds(low.prices().get(0), high.prices().get(high.prices().size() - 1))) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("segment", low.segment());
                m.put("lower_plan", low.plan().planId());
                m.put("upper_plan", high.plan().planId());
                m.put("lower_lowest_allowed", money(low.prices().get(0)));
                m.put("upper_highest_allowed", money(high.prices().get(high.prices().size() - 1)));
                broken.add(m);
            }
        }
        details.put("tier_pairs", broken);
        details.put("alternatives", List.of("widen the limits of these plans so the higher tier can be priced above "
                + "the lower", "change the tier order rule in rules/pricing-guardrails.drl"));
        return new ConflictException("pricing_constraint_violation", "the limits leave no price ladder that keeps the "
                + "tiers in order", details);
    }

    private static PortfolioProblem revenueObjective(PortfolioProblem p) {
        return reweigh(p, o -> o.revenue());
    }

    private static PortfolioProblem affectedObjective(PortfolioProblem p) {
        return reweigh(p, o -> -o.affected());
    }

    private static PortfolioProblem reweigh(PortfolioProblem p,
            java.util.function.ToLongFunction<PortfolioProblem.Option> value) {
        List<PortfolioProblem.Cell> cells = p.cells().stream().map(c -> new PortfolioProblem.Cell(c.index(), c.planId(),
                c.segment(), c.options().stream().map(o -> new PortfolioProblem.Option(o.price(), value.applyAsLong(o),
                        o.revenue(), o.affected())).toList(), c.keep())).toList();
        return new PortfolioProblem(cells, p.pairs(), p.maxAffected(), p.minRevenue());
    }

    private Answer answer(Ask ask, List<CellPlan> cells, List<TierOrder> tiers, PortfolioProblem problem,
            PortfolioSolver.Solved solved, Map<String, FiredRule> fired, String version, Instant now, LocalDate today,
            List<String> notes) {
        List<Recommendation> out = new ArrayList<>();
        long baselineValue = 0;
        long baselineRevenue = 0;
        long grandfathered = 0;
        long affected = 0;
        boolean capTight = false;
        for (int i = 0; i < cells.size(); i++) {
            CellPlan c = cells.get(i);
            PortfolioProblem.Cell cell = problem.cells().get(i);
            int chosen = solved.choice()[i];
            double price = c.prices().get(chosen);
            double e = c.elasticity().elasticity();
            List<Double> ei = c.elasticity().interval95();
            PriceValuation.Worth now0 = c.valuation().at(c.current(), e);
            PriceValuation.Worth at = c.valuation().at(price, e);
            baselineValue += cents(now0.of(ask.objective()));
            baselineRevenue += cents(now0.revenue());
            double ratio = price / c.current();
            double conv = Math.pow(ratio, e) - 1;
            double convA = Math.pow(ratio, ei.get(0)) - 1;
            double convB = Math.pow(ratio, ei.get(1)) - 1;
            double revA = c.valuation().at(price, ei.get(0)).revenue() - c.valuation().at(c.current(), ei.get(0)).revenue();
            double revB = c.valuation().at(price, ei.get(1)).revenue() - c.valuation().at(c.current(), ei.get(1)).revenue();
            boolean increase = price > c.current() + 0.005;
            long gf = increase && c.limits().grandfatherMonths() > 0 ? c.state().active() : 0;
            grandfathered += gf;
            affected += at.affected();
            LocalDate existingFrom = Math.abs(price - c.current()) < 0.005 ? null : increase
                    ? today.plusDays(Math.max(c.limits().noticeDays(), 0)).plusMonths(c.limits().grandfatherMonths())
                    : today;
            List<Binding> binding = new ArrayList<>();
            String reason;
            int best = bestAlone(cell);
            if (chosen == c.prices().size() - 1 && c.hiBy() != null && beyond(c, ask, e, true)) {
                binding.add(new Binding(c.hiBy(), "holds the price at most " + money(c.hi()) + limitWords(c, true)
                        + edge(c, price, true), source(c.limits(), c.hiBy(), fired)));
            }
            if (chosen == 0 && c.loBy() != null && beyond(c, ask, e, false)) {
                binding.add(new Binding(c.loBy(), "holds the price at least " + money(c.lo()) + limitWords(c, false)
                        + edge(c, price, false), source(c.limits(), c.loBy(), fired)));
            }
            if (best != chosen) {
                for (PortfolioProblem.Pair p : problem.pairs()) {
                    if (p.lower() == i || p.upper() == i) {
                        double lowP = cells.get(p.lower()).prices().get(solved.choice()[p.lower()]);
                        double highP = cells.get(p.upper()).prices().get(solved.choice()[p.upper()]);
                        if (highP <= lowP * (1 + p.minGap()) * 1.05) {
                            TierOrder t = tiers.stream().filter(x -> x.segment().equals(c.segment())
                                    && x.lowerPlan().equals(cells.get(p.lower()).plan().planId())
                                    && x.upperPlan().equals(cells.get(p.upper()).plan().planId())).findFirst().orElseThrow();
                            binding.add(new Binding("tier_order", cells.get(p.lower()).plan().planId() + " at "
                                    + money(lowP) + " below " + cells.get(p.upper()).plan().planId() + " at "
                                    + money(highP) + " by at least " + fmt(p.minGap() * 100) + "%",
                                    ruleSource(t.rule(), fired)));
                        }
                    }
                }
                if (problem.hasCap() && cell.options().get(best).affected() > cell.options().get(chosen).affected()) {
                    capTight = true;
                    binding.add(new Binding("max_customers_affected", "changing this price would take the customers "
                            + "affected past " + ask.maxCustomersAffected(), "request: max_customers_affected"));
                }
                if (problem.hasTarget() && binding.isEmpty()) {
                    binding.add(new Binding("revenue_target", "the portfolio needs this price's revenue to reach "
                            + ask.revenueTarget().toPlainString(), "request: revenue_target"));
                }
            }
            if (c.limits().increaseForbidden() && "no_increase".equals(c.hiBy()) && binding.stream()
                    .noneMatch(b -> b.constraint().equals("no_increase")) && chosen == c.prices().size() - 1) {
                binding.add(new Binding("no_increase", c.limits().increaseForbiddenReason(),
                        source(c.limits(), "no_increase", fired)));
            }
            double change = cents(at.of(ask.objective())) - cents(now0.of(ask.objective()));
            String what = ask.objective().toLowerCase(java.util.Locale.ROOT);
            if (Math.abs(price - c.current()) < 0.005) {
                reason = "kept at " + money(c.current()) + (binding.isEmpty()
                        ? ": no other allowed price adds " + what + " over " + ask.horizonMonths() + " months"
                        : ": held by " + binding.get(0).constraint());
            } else {
                reason = (increase ? "raised" : "lowered") + " from " + money(c.current()) + " to " + money(price)
                        + ": " + (change >= 0 ? "+" : "") + money(change / 100) + " " + what + " over "
                        + ask.horizonMonths() + " months at elasticity " + fmt(e)
                        + (binding.isEmpty() ? "" : "; held by " + binding.get(0).constraint());
            }
            Map<String, Object> elasticity = new LinkedHashMap<>();
            elasticity.put("value", e);
            elasticity.put("interval_95", ei);
            elasticity.put("pooled", c.elasticity().pooled());
            out.add(new Recommendation(c.plan().planId(), c.segment(), c.plan().currency(), money(c.current()),
                    money(price), round(100 * (price / c.current() - 1), 2),
                    new Estimate(round(conv, 4), sorted(round(convA, 4), round(convB, 4))),
                    new Churn(round(c.valuation().monthlyChurn(), 4), round(at.existingChurnAfter(), 4)),
                    new Estimate(round(at.revenue() - now0.revenue(), 2), sorted(round(revA, 2), round(revB, 2))),
                    money(now0.revenue()), c.state().active(), at.affected(), gf, existingFrom, elasticity,
                    limits(c, fired), binding, reason));
        }
        List<Binding> portfolioBindings = new ArrayList<>();
        if (capTight) {
            portfolioBindings.add(new Binding("max_customers_affected", affected + " of at most "
                    + ask.maxCustomersAffected() + " customers see a new price", "request: max_customers_affected"));
        }
        long revenue = problem.revenue(solved.choice());
        if (problem.hasTarget() && revenue - problem.minRevenue() < Math.max(100, problem.minRevenue() / 200)) {
            portfolioBindings.add(new Binding("revenue_target", "revenue " + money(revenue / 100.0) + " against a target of "
                    + ask.revenueTarget().toPlainString(), "request: revenue_target"));
        }
        Map<String, Object> solver = new LinkedHashMap<>();
        solver.put("score", solved.score());
        solver.put("start_objective", BigDecimal.valueOf(solved.startObjective()).movePointLeft(2));
        solver.put("relaxation_iterations", solved.relaxationIterations());
        solver.put("relaxation_millis", solved.relaxationMillis());
        solver.put("search_millis", solved.searchMillis());
        solver.put("candidates", problem.cells().stream().mapToInt(c -> c.options().size()).sum());
        if (solved.droppedPairs() > 0) {
            solver.put("tier_pairs_outside_the_bound", solved.droppedPairs());
        }
        boolean optimal = solved.exact() || solved.gap() == 0;
        String method = solved.exact()
                ? "exact: dynamic programming over each segment's tier chain (no portfolio cap couples the cells)"
                : "OptaPlanner local search from the best feasible portfolio of a Lagrangian relaxation of the "
                        + "portfolio caps; the bound is the relaxation's (dynamic programming per tier chain)";
        String currency = cells.isEmpty() ? null : cells.get(0).plan().currency();
        Portfolio portfolio = new Portfolio(BigDecimal.valueOf(solved.objective()).movePointLeft(2),
                BigDecimal.valueOf(baselineValue).movePointLeft(2),
                BigDecimal.valueOf((long) Math.floor(solved.bound() + 1e-6)).movePointLeft(2), round(solved.gap(), 6),
                optimal, method, BigDecimal.valueOf(revenue).movePointLeft(2),
                BigDecimal.valueOf(baselineRevenue).movePointLeft(2), affected, grandfathered, solver);
        return new Answer(UUID.randomUUID(), ask.objective(), ask.horizonMonths(), currency, ask.maxCustomersAffected(),
                ask.revenueTarget(), version, OffsetDateTime.ofInstant(now, ZoneOffset.UTC), portfolio, out,
                portfolioBindings, notes);
    }

    /** Whether the cell alone would be worth more just past its limit (so the limit binds). */
    private static boolean beyond(CellPlan c, Ask ask, double e, boolean up) {
        double edge = up ? c.hi() : c.lo();
        double past = up ? edge * 1.02 + 0.01 : Math.max(0.01, edge * 0.98 - 0.01);
        return c.valuation().at(past, e).of(ask.objective()) > c.valuation().at(edge, e).of(ask.objective());
    }

    /** When the candidate at the edge is not the limit itself: the price ending keeps it inside. */
    private static String edge(CellPlan c, double price, boolean up) {
        double limit = up ? c.hi() : c.lo();
        return Math.abs(price - limit) < 0.005 ? "" : "; " + money(price) + " is the " + (up ? "highest" : "lowest")
                + " candidate within it" + (c.limits().priceEnding() == null ? "" : " ending in "
                + c.limits().priceEnding());
    }

    private static int bestAlone(PortfolioProblem.Cell cell) {
        int best = 0;
        for (int j = 1; j < cell.options().size(); j++) {
            if (cell.options().get(j).value() > cell.options().get(best).value()) {
                best = j;
            }
        }
        return best;
    }

    private static String limitWords(CellPlan c, boolean up) {
        String by = up ? c.hiBy() : c.loBy();
        PriceLimits l = c.limits();
        return switch (by) {
            case "max_change" -> " (a change of at most " + fmt(l.maxChangePercent()) + "% per step)";
            case "competitive_threshold" -> " (" + fmt(l.competitivePercent()) + "% of the competitors' median "
                    + money(l.getCompetitorMedian()) + ")";
            case "no_increase" -> " (" + l.increaseForbiddenReason() + ")";
            case "minimum_price" -> " (the plan's minimum)";
            case "maximum_price" -> " (the plan's maximum)";
            default -> "";
        };
    }

    private static Limits limits(CellPlan c, Map<String, FiredRule> fired) {
        List<LimitSource> sources = new ArrayList<>();
        c.limits().setBy().forEach((limit, rule) -> sources.add(new LimitSource(limit, ruleSource(rule, fired))));
        return new Limits(money(c.lo()), money(c.hi()), c.limits().priceEnding(), c.limits().grandfatherMonths(),
                c.limits().noticeDays(), !c.limits().increaseForbidden(), sources);
    }

    private static String source(PriceLimits l, String limit, Map<String, FiredRule> fired) {
        if (limit == null) {
            return null;
        }
        String rule = l.setBy().get(limit);
        return rule == null ? null : ruleSource(rule, fired);
    }

    private static String ruleSource(String rule, Map<String, FiredRule> fired) {
        FiredRule f = fired.get(rule);
        return f == null ? rule : f.source();
    }

    private String write(Answer answer) {
        try {
            return json.writeValueAsString(answer);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static long cents(double amount) {
        return Math.round(amount * 100);
    }

    static BigDecimal money(double amount) {
        return BigDecimal.valueOf(amount).setScale(2, RoundingMode.HALF_UP);
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    static double round(double v, int places) {
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }

    private static String fmt(double v) {
        return BigDecimal.valueOf(round(v, 2)).stripTrailingZeros().toPlainString();
    }

    private static List<Double> sorted(double a, double b) {
        return List.of(Math.min(a, b), Math.max(a, b));
    }
}
