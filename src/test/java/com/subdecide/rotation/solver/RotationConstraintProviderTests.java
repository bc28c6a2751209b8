package com.subdecide.rotation.solver;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.optaplanner.core.api.score.stream.ConstraintStreamImplType;
import org.optaplanner.test.api.score.stream.ConstraintVerifier;

class RotationConstraintProviderTests {

    private final ConstraintVerifier<RotationConstraintProvider, RotationSolution> verifier =
            ConstraintVerifier.build(new RotationConstraintProvider(), RotationSolution.class, PlatformSlot.class)
                    .withConstraintStreamImplType(ConstraintStreamImplType.BAVET);

    private static final AccessOption NETFLIX_ADS = AccessOption.tier("netflix", "ads", 799, 0.85);
    private static final AccessOption NETFLIX_PREMIUM = AccessOption.tier("netflix", "premium", 2299, 1.0);
    private static final AccessOption MAX_ADS = AccessOption.tier("max", "ads", 999, 0.85);
    private static final AccessOption DISNEY_HULU = AccessOption.bundle("disney-hulu", 1099,
            Map.of("disney", 0.85, "hulu", 0.85));

    private static PlatformSlot slot(String platform, AccessOption option) {
        return new PlatformSlot(platform, List.of(AccessOption.NONE, option), option);
    }

    @Test
    void budgetCap() {
        // 7.99 + 9.99 = 17.98 against 15.00: 298 cents over.
        verifier.verifyThat(RotationConstraintProvider::budgetCap)
                .given(slot("netflix", NETFLIX_ADS), slot("max", MAX_ADS), new Budget(1500))
                .penalizesBy(298);
        verifier.verifyThat(RotationConstraintProvider::budgetCap)
                .given(slot("netflix", NETFLIX_ADS), slot("max", MAX_ADS), new Budget(1798))
                .penalizesBy(0);
    }

    @Test
    void budgetCapCountsABundleOnce() {
        verifier.verifyThat(RotationConstraintProvider::budgetCap)
                .given(slot("disney", DISNEY_HULU), slot("hulu", DISNEY_HULU), new Budget(1099))
                .penalizesBy(0);
    }

    @Test
    void tierExclusivity() {
        BundleMember disney = new BundleMember("disney-hulu", "disney");
        BundleMember hulu = new BundleMember("disney-hulu", "hulu");
        // Disney takes the bundle but Hulu stays on its own tier: one platform with two options.
        verifier.verifyThat(RotationConstraintProvider::tierExclusivity)
                .given(slot("disney", DISNEY_HULU), slot("hulu", AccessOption.tier("hulu", "ads", 999, 0.85)),
                        disney, hulu)
                .penalizesBy(1);
        verifier.verifyThat(RotationConstraintProvider::tierExclusivity)
                .given(slot("disney", DISNEY_HULU), slot("hulu", DISNEY_HULU), disney, hulu)
                .penalizesBy(0);
    }

    @Test
    void urgentTitlesFirst() {
        TitleValue urgent = new TitleValue("t-dune", 13.2, true);
        TitleValue calm = new TitleValue("t-bear", 0.7, false);
        verifier.verifyThat(RotationConstraintProvider::urgentTitlesFirst)
                .given(slot("max", MAX_ADS), new TitleOnPlatform(urgent, "max"), new TitleOnPlatform(calm, "max"))
                .rewardsWith(urgent.contribution(0.85));
        verifier.verifyThat(RotationConstraintProvider::urgentTitlesFirst)
                .given(slot("max", AccessOption.NONE), new TitleOnPlatform(urgent, "max"))
                .rewardsWith(0);
    }

    @Test
    void coveredValueCountsATitleOnceThroughItsBestTier() {
        TitleValue shared = new TitleValue("t-shared", 2.0, false);
        // On Netflix premium (1.00) and Max ads (0.85): counted once, at 1.00.
        verifier.verifyThat(RotationConstraintProvider::coveredValue)
                .given(slot("netflix", NETFLIX_PREMIUM), slot("max", MAX_ADS),
                        new TitleOnPlatform(shared, "netflix"), new TitleOnPlatform(shared, "max"))
                .rewardsWith(20_000);
        verifier.verifyThat(RotationConstraintProvider::coveredValue)
                .given(slot("netflix", AccessOption.NONE), new TitleOnPlatform(shared, "netflix"))
                .rewardsWith(0);
    }

    @Test
    void monthlyCost() {
        verifier.verifyThat(RotationConstraintProvider::monthlyCost)
                .given(slot("netflix", NETFLIX_ADS), slot("disney", DISNEY_HULU), slot("hulu", DISNEY_HULU))
                .penalizesBy(799 + 1099);
        verifier.verifyThat(RotationConstraintProvider::monthlyCost)
                .given(slot("netflix", AccessOption.NONE))
                .penalizesBy(0);
    }

    @Test
    void changesToCurrentSubscriptions() {
        verifier.verifyThat(RotationConstraintProvider::changesToCurrentSubscriptions)
                .given(slot("netflix", NETFLIX_ADS), new CurrentTier("netflix", "premium"))
                .penalizesBy(1);
        verifier.verifyThat(RotationConstraintProvider::changesToCurrentSubscriptions)
                .given(slot("netflix", NETFLIX_PREMIUM), new CurrentTier("netflix", "premium"))
                .penalizesBy(0);
    }
}
