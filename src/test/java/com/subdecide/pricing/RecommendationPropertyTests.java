package com.subdecide.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import com.subdecide.customers.PriceBook;
import com.subdecide.customers.domain.ValueAssumptions;
import com.subdecide.pricing.domain.PriceLimits;
import com.subdecide.pricing.domain.TierOrder;
import com.subdecide.pricing.solver.PortfolioProblem;
import com.subdecide.pricing.solver.PortfolioSolution;
import com.subdecide.pricing.solver.PortfolioSolver;
import com.subdecide.rules.FiredRule;
import com.subdecide.rules.RuleFolders;
import com.subdecide.rules.RuleRun;
import com.subdecide.rules.RuleSet;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.optaplanner.core.api.solver.SolverFactory;
import org.optaplanner.core.config.localsearch.LocalSearchPhaseConfig;
import org.optaplanner.core.config.solver.SolverConfig;
import org.optaplanner.core.config.solver.termination.TerminationConfig;

/**
 * Random portfolios under random constraint rows (minimum, maximum, change, competitive threshold, ending, no
 * increase, as the table's rows set them, on top of the shipped tables and guardrails) and random portfolio caps:
 * every recommended price keeps every limit of its cell, every tier pair and the cap. 0 violations.
 */
class RecommendationPropertyTests {

    static final RuleSet RULES = RuleFolders.loadShipped();
    static final SolverFactory<PortfolioSolution> FACTORY;

    static {
        SolverConfig config = SolverConfig.createFromXmlFile(Path.of("solver-config", "pricing-solver.xml").toFile());
        config.getPhaseConfigList().stream().filter(p -> p instanceof LocalSearchPhaseConfig)
                .forEach(p -> p.setTerminationConfig(new TerminationConfig().withUnimprovedStepCountLimit(300)));
        FACTORY = SolverFactory.create(config);
    }

    @Property(tries = 150)
    void recommendedPricesKeepEveryLimit(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int plans = 1 + r.nextInt(4);
        int segments = 1 + r.nextInt(3);
        List<PriceBook.Plan> book = new ArrayList<>();
        for (int p = 0; p < plans; p++) {
            book.add(new PriceBook.Plan("p" + p, "P" + p, p + 1, r.nextInt(5) == 0 ? "YEAR" : "MONTH", "USD",
                    BigDecimal.valueOf(500 + p * 600 + r.nextInt(400) + 99, 2)));
        }
        List<PriceLimits> limits = new ArrayList<>();
        for (int s = 0; s < segments; s++) {
            double churn = 0.01 + 0.1 * r.nextDouble();
            for (PriceBook.Plan plan : book) {
                double current = plan.price().doubleValue();
                PriceLimits l = new PriceLimits(plan.planId(), "s" + s, plan.tierOrder(), "USD", plan.interval(),
                        current, r.nextBoolean() ? current * (0.8 + 0.4 * r.nextDouble()) : null, churn);
                // Random rows, as the table would set them.
                if (r.nextBoolean()) {
                    l.atLeast(current * (0.6 + 0.5 * r.nextDouble()), "random minimum");
                }
                if (r.nextBoolean()) {
                    l.atMost(current * (0.9 + 0.6 * r.nextDouble()), "random maximum");
                }
                if (r.nextBoolean()) {
                    l.changeAtMost(2 + r.nextInt(30), "random change");
                }
                if (r.nextBoolean()) {
                    l.competitiveAtMost(90 + r.nextInt(40), "random threshold");
                }
                if (r.nextInt(4) == 0) {
                    l.forbidIncrease("random", "random no increase");
                }
                limits.add(l);
            }
        }
        List<TierOrder> tiers;
        Map<String, FiredRule> fired;
        try (RuleRun run = RULES.newRun()) {
            limits.forEach(run::insert);
            run.fireAll();
            tiers = run.facts(TierOrder.class);
            fired = run.firedByName();
        }
        if (r.nextBoolean()) {
            for (PriceLimits l : limits) {
                l.endIn(List.of(".99", ".49", ".00", "any").get(r.nextInt(4)), "random ending");
            }
        }
        ValueAssumptions v = new ValueAssumptions("s");
        v.setMargin(0.5 + 0.4 * r.nextDouble());
        v.setAnnualDiscountRate(0.1);
        v.setChurnPriceElasticity(r.nextDouble() * 2);
        List<PriceRecommendations.CellPlan> cells = new ArrayList<>();
        for (PriceLimits l : limits) {
            PriceBook.Plan plan = book.stream().filter(p -> p.planId().equals(l.getPlanId())).findFirst().orElseThrow();
            double e = -0.3 - 2.5 * r.nextDouble();
            Elasticities.Estimate estimate = new Elasticities.Estimate(l.getPlanId(), l.getSegment(), e,
                    List.of(e - 0.3, e + 0.3), "random", 1000, 100, 3, List.of(), false, null, null, null);
            long active = r.nextInt(500);
            PortfolioState.CellState state = new PortfolioState.CellState(active, active * l.getCurrentPrice()
                    * ("YEAR".equals(plan.interval()) ? 1 / 12.0 : 1), r.nextInt(40), r.nextInt(60));
            PriceRecommendations.CellPlan cell = PriceRecommendations.cell(plan, l, estimate, state, v,
                    1 + r.nextInt(24), fired);
            if (cell.prices().isEmpty()) {
                return; // the service answers this ask with a 409 naming the cell
            }
            cells.add(cell);
        }
        Long cap = r.nextBoolean() ? (long) r.nextInt(1000) : null;
        PriceRecommendations.Ask ask = new PriceRecommendations.Ask(List.of(), List.of(),
                List.of("REVENUE", "PROFIT", "LTV").get(r.nextInt(3)), 12, cap, null, 5);
        PortfolioProblem problem = PriceRecommendations.problem(cells, tiers, ask);
        PortfolioSolver.Solved solved = PortfolioSolver.solve(problem, FACTORY, 5_000);
        if (!solved.feasible()) {
            return; // infeasible tier order under these limits: a 409 pricing_constraint_violation
        }
        long affected = 0;
        for (int i = 0; i < cells.size(); i++) {
            PriceRecommendations.CellPlan c = cells.get(i);
            PriceLimits l = c.limits();
            double price = c.prices().get(solved.choice()[i]);
            double current = l.getCurrentPrice();
            boolean kept = Math.abs(price - current) < 0.005;
            String at = "seed " + seed + " " + l.getPlanId() + "/" + l.getSegment() + " at " + price;
            if (l.minimumPrice() != null) {
                assertThat(price).as(at + " minimum").isGreaterThanOrEqualTo(l.minimumPrice() - 1e-9);
            }
            if (l.maximumPrice() != null) {
                assertThat(price).as(at + " maximum").isLessThanOrEqualTo(l.maximumPrice() + 1e-9);
            }
            if (l.maxChangePercent() != null) {
                assertThat(Math.abs(price / current - 1) * 100).as(at + " change")
                        .isLessThanOrEqualTo(l.maxChangePercent() + 1e-6);
            }
            if (l.competitivePercent() != null && l.getCompetitorMedian() != null) {
                assertThat(price).as(at + " competitive").isLessThanOrEqualTo(
                        l.getCompetitorMedian() * l.competitivePercent() / 100 + 1e-9);
            }
            if (l.increaseForbidden()) {
                assertThat(price).as(at + " no increase").isLessThanOrEqualTo(current + 1e-9);
            }
            if (!kept && l.priceEnding() != null && l.priceEnding().matches("\\.\\d\\d")) {
                long cents = Math.round(price * 100) % 100;
                assertThat(cents).as(at + " ending").isEqualTo(Long.parseLong(l.priceEnding().substring(1)));
            }
            affected += problem.cells().get(i).options().get(solved.choice()[i]).affected();
        }
        for (PortfolioProblem.Pair p : problem.pairs()) {
            double low = cells.get(p.lower()).prices().get(solved.choice()[p.lower()]);
            double high = cells.get(p.upper()).prices().get(solved.choice()[p.upper()]);
            assertThat(high).as("seed " + seed + " tier order").isGreaterThanOrEqualTo(low * (1 + p.minGap()) - 1e-9);
        }
        if (cap != null) {
            assertThat(affected).as("seed " + seed + " cap").isLessThanOrEqualTo(cap);
        }
    }
}
