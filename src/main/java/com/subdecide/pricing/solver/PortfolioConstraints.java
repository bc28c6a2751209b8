package com.subdecide.pricing.solver;

import org.optaplanner.core.api.score.buildin.hardsoftlong.HardSoftLongScore;
import org.optaplanner.core.api.score.stream.ConstraintCollectors;
import org.optaplanner.core.api.score.stream.Constraint;
import org.optaplanner.core.api.score.stream.ConstraintFactory;
import org.optaplanner.core.api.score.stream.ConstraintProvider;
import org.optaplanner.core.api.score.stream.Joiners;

/**
 * The portfolio's score: hard, the tier order of {@code rules/pricing-guardrails.drl} (by how far the upper price
 * falls short, in cents), the cap on customers affected (by customers over) and the revenue target (by cents
 * short); soft, the objective in cents. The per-cell limits of {@code pricing-constraints.drl.xlsx} are in the
 * value ranges: a cell's candidates are only the prices its limits allow.
 */
public class PortfolioConstraints implements ConstraintProvider {

    @Override
    public Constraint[] defineConstraints(ConstraintFactory factory) {
        return new Constraint[] {tierOrder(factory), customerCap(factory), revenueTarget(factory), objective(factory)};
    }

    Constraint tierOrder(ConstraintFactory factory) {
        return factory.forEach(TierPair.class)
                .join(PriceCell.class, Joiners.equal(TierPair::lower, PriceCell::getIndex))
                .join(PriceCell.class, Joiners.equal((pair, low) -> pair.upper(), PriceCell::getIndex))
                .filter((pair, low, high) -> high.price() + 1e-9 < low.price() * (1 + pair.minGap()))
                .penalizeLong(HardSoftLongScore.ONE_HARD, (pair, low, high) ->
                        Math.max(1, Math.round((low.price() * (1 + pair.minGap()) - high.price()) * 100)))
                .asConstraint("tier order");
    }

    Constraint customerCap(ConstraintFactory factory) {
        return factory.forEach(PriceCell.class)
                .groupBy(ConstraintCollectors.sumLong(PriceCell::affected))
                .join(PortfolioLimits.class, Joiners.filtering((sum, limits) -> limits.maxAffected() >= 0
                        && sum > limits.maxAffected()))
                .penalizeLong(HardSoftLongScore.ONE_HARD, (sum, limits) -> sum - limits.maxAffected())
                .asConstraint("customers affected");
    }

    Constraint revenueTarget(ConstraintFactory factory) {
        return factory.forEach(PriceCell.class)
                .groupBy(ConstraintCollectors.sumLong(PriceCell::revenue))
                .join(PortfolioLimits.class, Joiners.filtering((sum, limits) -> limits.hasTarget()
                        && sum < limits.minRevenue()))
                .penalizeLong(HardSoftLongScore.ONE_HARD, (sum, limits) -> limits.minRevenue() - sum)
                .asConstraint("revenue target");
    }

    Constraint objective(ConstraintFactory factory) {
        return factory.forEach(PriceCell.class)
                .rewardLong(HardSoftLongScore.ONE_SOFT, PriceCell::value)
                .asConstraint("objective");
    }
}
