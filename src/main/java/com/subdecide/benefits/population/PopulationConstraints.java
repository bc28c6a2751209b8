package com.subdecide.benefits.population;

import org.optaplanner.core.api.score.buildin.hardsoftlong.HardSoftLongScore;
import org.optaplanner.core.api.score.stream.Constraint;
import org.optaplanner.core.api.score.stream.ConstraintCollectors;
import org.optaplanner.core.api.score.stream.ConstraintFactory;
import org.optaplanner.core.api.score.stream.ConstraintProvider;
import org.optaplanner.core.api.score.stream.Joiners;

/**
 * The population allocation's score. The rules shape the problem (a member's slots are the tier's slots less its
 * core benefits; a slot's options are the pool benefits the member is eligible for and scores at or above the
 * tier's threshold); these constraints keep it within the capacities and exclusions and maximise Σ score × value.
 */
public class PopulationConstraints implements ConstraintProvider {

    @Override
    public Constraint[] defineConstraints(ConstraintFactory factory) {
        return new Constraint[] {
                oneOfEachBenefit(factory), exclusions(factory), maxUsers(factory), maxTotalValue(factory),
                expectedValue(factory)};
    }

    /** A member holds a benefit at most once. */
    Constraint oneOfEachBenefit(ConstraintFactory factory) {
        return factory.forEachUniquePair(MemberSlot.class, Joiners.equal(MemberSlot::getMember),
                        Joiners.equal(MemberSlot::getBenefit))
                .filter((a, b) -> a.isFilled())
                .penalize(HardSoftLongScore.ONE_HARD)
                .asConstraint("one of each benefit");
    }

    /** Benefits the exclusion rules forbid together (e.g. "one discount at a time"). */
    Constraint exclusions(ConstraintFactory factory) {
        return factory.forEachUniquePair(MemberSlot.class, Joiners.equal(MemberSlot::getMember))
                .filter((a, b) -> a.isFilled() && b.isFilled() && a.getMember().excludes(a.getBenefit(), b.getBenefit()))
                .penalize(HardSoftLongScore.ONE_HARD)
                .asConstraint("exclusions");
    }

    /** A {@code max_users} capacity: one hard point per member over it. */
    Constraint maxUsers(ConstraintFactory factory) {
        return factory.forEach(MemberSlot.class)
                .filter(MemberSlot::isFilled)
                .groupBy(MemberSlot::getBenefit, ConstraintCollectors.count())
                .join(UserLimit.class, Joiners.equal((benefit, count) -> benefit, UserLimit::benefit))
                .filter((benefit, count, limit) -> count > limit.maxUsers())
                .penalizeLong(HardSoftLongScore.ONE_HARD, (benefit, count, limit) -> count - limit.maxUsers())
                .asConstraint("max users");
    }

    /** A {@code max_total_value} capacity: one hard point per cent over it. */
    Constraint maxTotalValue(ConstraintFactory factory) {
        return factory.forEach(MemberSlot.class)
                .filter(MemberSlot::isFilled)
                .groupBy(MemberSlot::getBenefit, ConstraintCollectors.sumLong(MemberSlot::valueCents))
                .join(ValueLimit.class, Joiners.equal((benefit, cents) -> benefit, ValueLimit::benefit))
                .filter((benefit, cents, limit) -> cents > limit.maxCents())
                .penalizeLong(HardSoftLongScore.ONE_HARD, (benefit, cents, limit) -> cents - limit.maxCents())
                .asConstraint("max total value");
    }

    /** The objective: Σ score × value over the benefits given, in millionths. */
    Constraint expectedValue(ConstraintFactory factory) {
        return factory.forEach(MemberSlot.class)
                .filter(MemberSlot::isFilled)
                .rewardLong(HardSoftLongScore.ONE_SOFT, MemberSlot::profit)
                .asConstraint("expected value");
    }
}
