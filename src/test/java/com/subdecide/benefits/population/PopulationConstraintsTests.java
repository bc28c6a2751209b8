package com.subdecide.benefits.population;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.optaplanner.core.api.score.stream.ConstraintStreamImplType;
import org.optaplanner.test.api.score.stream.ConstraintVerifier;

class PopulationConstraintsTests {

    private final ConstraintVerifier<PopulationConstraints, PopulationSolution> verifier =
            ConstraintVerifier.build(new PopulationConstraints(), PopulationSolution.class, MemberSlot.class)
                    .withConstraintStreamImplType(ConstraintStreamImplType.BAVET);

    private static final PoolBenefit FAST = new PoolBenefit(0, "fast_shipping");
    private static final PoolBenefit DISCOUNT = new PoolBenefit(1, "discount_10");
    private static final PoolBenefit COUPON = new PoolBenefit(2, "birthday_coupon");

    /** Options fast shipping (score 0.5, value 6), discount (0.8, 4), coupon (0.9, 1); discount excludes coupon. */
    private static Member member(int index) {
        return new Member(index, "u-" + index, "GOLD", 2, List.of(FAST, DISCOUNT, COUPON), new double[] {0.5, 0.8, 0.9},
                new long[] {3_000_000, 3_200_000, 900_000}, new long[] {600, 400, 100}, new int[] {1 * 64 + 2});
    }

    @Test
    void oneOfEachBenefit() {
        Member m = member(0);
        verifier.verifyThat(PopulationConstraints::oneOfEachBenefit)
                .given(new MemberSlot(1, m, FAST), new MemberSlot(2, m, FAST)).penalizesBy(1);
        verifier.verifyThat(PopulationConstraints::oneOfEachBenefit)
                .given(new MemberSlot(1, m, FAST), new MemberSlot(2, m, DISCOUNT)).penalizesBy(0);
        verifier.verifyThat(PopulationConstraints::oneOfEachBenefit)
                .given(new MemberSlot(1, m, null), new MemberSlot(2, m, null)).penalizesBy(0);
        // Two members may each hold the same benefit.
        verifier.verifyThat(PopulationConstraints::oneOfEachBenefit)
                .given(new MemberSlot(1, m, FAST), new MemberSlot(2, member(1), FAST)).penalizesBy(0);
    }

    @Test
    void exclusions() {
        Member m = member(0);
        verifier.verifyThat(PopulationConstraints::exclusions)
                .given(new MemberSlot(1, m, DISCOUNT), new MemberSlot(2, m, COUPON)).penalizesBy(1);
        verifier.verifyThat(PopulationConstraints::exclusions)
                .given(new MemberSlot(1, m, FAST), new MemberSlot(2, m, COUPON)).penalizesBy(0);
        verifier.verifyThat(PopulationConstraints::exclusions)
                .given(new MemberSlot(1, m, DISCOUNT), new MemberSlot(2, member(1), COUPON)).penalizesBy(0);
    }

    @Test
    void maxUsers() {
        verifier.verifyThat(PopulationConstraints::maxUsers)
                .given(new MemberSlot(1, member(0), FAST), new MemberSlot(2, member(1), FAST), new MemberSlot(3, member(2), FAST),
                        new UserLimit(FAST, 1))
                .penalizesBy(2);
        verifier.verifyThat(PopulationConstraints::maxUsers)
                .given(new MemberSlot(1, member(0), FAST), new MemberSlot(2, member(1), FAST), new UserLimit(FAST, 2),
                        new UserLimit(DISCOUNT, 0))
                .penalizesBy(0);
    }

    @Test
    void maxTotalValue() {
        // Two discounts of 4.00 against 5.00: 300 cents over.
        verifier.verifyThat(PopulationConstraints::maxTotalValue)
                .given(new MemberSlot(1, member(0), DISCOUNT), new MemberSlot(2, member(1), DISCOUNT),
                        new MemberSlot(3, member(2), FAST), new ValueLimit(DISCOUNT, 500))
                .penalizesBy(300);
        verifier.verifyThat(PopulationConstraints::maxTotalValue)
                .given(new MemberSlot(1, member(0), DISCOUNT), new MemberSlot(2, member(1), DISCOUNT), new ValueLimit(DISCOUNT, 800))
                .penalizesBy(0);
    }

    @Test
    void expectedValue() {
        // 0.5 × 6 + 0.8 × 4 = 6.2, in millionths.
        verifier.verifyThat(PopulationConstraints::expectedValue)
                .given(new MemberSlot(1, member(0), FAST), new MemberSlot(2, member(0), DISCOUNT), new MemberSlot(3, member(1), null))
                .rewardsWith(6_200_000);
    }
}
