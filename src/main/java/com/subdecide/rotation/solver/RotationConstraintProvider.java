package com.subdecide.rotation.solver;

import java.util.List;
import org.optaplanner.core.api.score.buildin.bendablelong.BendableLongScore;
import org.optaplanner.core.api.score.stream.Constraint;
import org.optaplanner.core.api.score.stream.ConstraintCollectors;
import org.optaplanner.core.api.score.stream.ConstraintFactory;
import org.optaplanner.core.api.score.stream.ConstraintProvider;
import org.optaplanner.core.api.score.stream.Joiners;
import org.optaplanner.core.api.score.stream.bi.BiConstraintCollector;

/** Scores a month's access plan with the values, qualities and budget the rules and the request produced. */
public class RotationConstraintProvider implements ConstraintProvider {

    static final int HARD_LEVELS = 1;
    static final int SOFT_LEVELS = 4;
    static final BendableLongScore HARD = BendableLongScore.ofHard(HARD_LEVELS, SOFT_LEVELS, 0, 1);
    static final BendableLongScore URGENT = BendableLongScore.ofSoft(HARD_LEVELS, SOFT_LEVELS, 0, 1);
    static final BendableLongScore VALUE = BendableLongScore.ofSoft(HARD_LEVELS, SOFT_LEVELS, 1, 1);
    static final BendableLongScore COST = BendableLongScore.ofSoft(HARD_LEVELS, SOFT_LEVELS, 2, 1);
    static final BendableLongScore CHANGES = BendableLongScore.ofSoft(HARD_LEVELS, SOFT_LEVELS, 3, 1);

    public static final String BUDGET_CAP = "Budget cap";
    public static final String TIER_EXCLUSIVITY = "Tier exclusivity";
    public static final String URGENT_TITLES = "Urgent must-watch titles first";
    public static final String COVERED_VALUE = "Covered value";
    public static final String MONTHLY_COST = "Monthly cost";
    public static final String CHANGES_TO_CURRENT = "Changes to current subscriptions";
    /** Every constraint, hard first, in score-level order. */
    public static final List<String> NAMES = List.of(BUDGET_CAP, TIER_EXCLUSIVITY, URGENT_TITLES, COVERED_VALUE,
            MONTHLY_COST, CHANGES_TO_CURRENT);

    @Override
    public Constraint[] defineConstraints(ConstraintFactory factory) {
        return new Constraint[] {
                budgetCap(factory),
                tierExclusivity(factory),
                urgentTitlesFirst(factory),
                coveredValue(factory),
                monthlyCost(factory),
                changesToCurrentSubscriptions(factory)
        };
    }

    /** The plan's monthly cost, each bundle paid once, never exceeds the budget: penalised by the cents over. */
    Constraint budgetCap(ConstraintFactory factory) {
        return factory.forEach(PlatformSlot.class)
                .filter(slot -> slot.getOption().isPaid())
                .groupBy(PlatformSlot::getOption)
                .groupBy(ConstraintCollectors.sumLong(AccessOption::getCostCents))
                .join(Budget.class)
                .filter((total, budget) -> total > budget.cents())
                .penalizeLong(HARD, (total, budget) -> total - budget.cents())
                .asConstraint(BUDGET_CAP);
    }

    /** A platform has one access option: a bundle chosen by one of its platforms is chosen by all of them. */
    Constraint tierExclusivity(ConstraintFactory factory) {
        return factory.forEach(PlatformSlot.class)
                .filter(slot -> slot.getOption().isBundle())
                .join(BundleMember.class, Joiners.equal(slot -> slot.getOption().getBundleId(), BundleMember::bundleId))
                .join(PlatformSlot.class, Joiners.equal((slot, member) -> member.platformId(), PlatformSlot::getPlatformId))
                .filter((slot, member, other) -> other.getOption() != slot.getOption())
                .penalizeLong(HARD, (slot, member, other) -> 1L)
                .asConstraint(TIER_EXCLUSIVITY);
    }

    /** A must-watch title leaving within days outranks everything else that fits. */
    Constraint urgentTitlesFirst(ConstraintFactory factory) {
        return factory.forEach(TitleOnPlatform.class)
                .filter(carried -> carried.title().urgent())
                .join(PlatformSlot.class, Joiners.equal(TitleOnPlatform::platformId, PlatformSlot::getPlatformId))
                .filter((carried, slot) -> slot.getOption().isPaid())
                .groupBy((carried, slot) -> carried.title(), bestContribution())
                .rewardLong(URGENT, (title, best) -> best)
                .asConstraint(URGENT_TITLES);
    }

    /** Each title counts once, through the best-quality access that covers it: value × quality. */
    Constraint coveredValue(ConstraintFactory factory) {
        return factory.forEach(TitleOnPlatform.class)
                .join(PlatformSlot.class, Joiners.equal(TitleOnPlatform::platformId, PlatformSlot::getPlatformId))
                .filter((carried, slot) -> slot.getOption().isPaid())
                .groupBy((carried, slot) -> carried.title(), bestContribution())
                .rewardLong(VALUE, (title, best) -> best)
                .asConstraint(COVERED_VALUE);
    }

    /** Per title, the largest value × quality among the chosen options that cover it. */
    private static BiConstraintCollector<TitleOnPlatform, PlatformSlot, ?, Long> bestContribution() {
        return ConstraintCollectors.max((TitleOnPlatform carried, PlatformSlot slot) ->
                carried.title().contribution(slot.getOption().qualityAt(carried.platformId())));
    }

    /** Among plans of equal value, the cheaper one: each chosen option costs its monthly price once. */
    Constraint monthlyCost(ConstraintFactory factory) {
        return factory.forEach(PlatformSlot.class)
                .filter(slot -> slot.getOption().isPaid())
                .groupBy(PlatformSlot::getOption)
                .penalizeLong(COST, AccessOption::getCostCents)
                .asConstraint(MONTHLY_COST);
    }

    /** Among plans of equal value and cost, the one that changes fewer current subscriptions. */
    Constraint changesToCurrentSubscriptions(ConstraintFactory factory) {
        return factory.forEach(CurrentTier.class)
                .join(PlatformSlot.class, Joiners.equal(CurrentTier::platformId, PlatformSlot::getPlatformId))
                .filter((current, slot) -> !slot.getOption().isTier(current.tierId()))
                .penalizeLong(CHANGES, (current, slot) -> 1L)
                .asConstraint(CHANGES_TO_CURRENT);
    }
}
