package com.subdecide.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import com.subdecide.rotation.domain.BudgetDrop;
import com.subdecide.rotation.domain.ChosenAccess;
import com.subdecide.rotation.domain.CurrentSubscription;
import com.subdecide.rotation.domain.PlanAction;
import com.subdecide.rotation.domain.PlanContext;
import com.subdecide.rules.RuleFolders;
import com.subdecide.rules.RuleRun;
import com.subdecide.rules.RuleSet;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The guardrail DRL rules: from chosen access and current subscriptions to the action plan. */
class GuardrailRulesTests {

    private static final LocalDate AS_OF = LocalDate.of(2026, 11, 23);
    private static final LocalDate BILLING = LocalDate.of(2026, 12, 5);
    private static RuleSet rules;

    @BeforeAll
    static void load() {
        rules = RuleFolders.loadShipped();
    }

    private record Outcome(List<PlanAction> actions, List<BudgetDrop> drops) {
        PlanAction only() {
            assertThat(actions).hasSize(1);
            return actions.get(0);
        }
    }

    private static Outcome fire(String budget, List<CurrentSubscription> current, List<ChosenAccess> chosen) {
        try (RuleRun run = rules.newRun()) {
            run.insert(new PlanContext(AS_OF, new BigDecimal(budget).movePointRight(2).longValueExact()));
            current.forEach(run::insert);
            chosen.forEach(run::insert);
            run.fireAll();
            return new Outcome(run.facts(PlanAction.class), run.facts(BudgetDrop.class));
        }
    }

    private static CurrentSubscription netflix(String tier, String cost) {
        return new CurrentSubscription("netflix", tier, new BigDecimal(cost), BILLING, null);
    }

    private static ChosenAccess tier(String platform, String tier, String cost, double value) {
        return ChosenAccess.tier(platform, tier, new BigDecimal(cost), value);
    }

    @Test
    void keepOnTheTierAlreadyPaidFor() {
        PlanAction keep = fire("30", List.of(netflix("standard", "15.49")),
                List.of(tier("netflix", "standard", "15.49", 3))).only();
        assertThat(keep.getType()).isEqualTo(PlanAction.Type.KEEP);
        assertThat(keep.getDate()).isEqualTo(BILLING);
    }

    @Test
    void aCheaperTierIsADowngradeEffectiveAtTheNextBillingDate() {
        PlanAction downgrade = fire("30", List.of(netflix("premium", "22.99")),
                List.of(tier("netflix", "ads", "7.99", 3))).only();
        assertThat(downgrade.getType()).isEqualTo(PlanAction.Type.DOWNGRADE);
        assertThat(downgrade.getFromTierId()).isEqualTo("premium");
        assertThat(downgrade.getTierId()).isEqualTo("ads");
        assertThat(downgrade.getCostReduction()).isEqualByComparingTo("15.00");
        assertThat(downgrade.getDate()).isEqualTo(BILLING);
    }

    @Test
    void aDearerTierIsASubscribeNamingTheTierItReplaces() {
        PlanAction upgrade = fire("30", List.of(netflix("ads", "7.99")),
                List.of(tier("netflix", "premium", "22.99", 3))).only();
        assertThat(upgrade.getType()).isEqualTo(PlanAction.Type.SUBSCRIBE);
        assertThat(upgrade.getFromTierId()).isEqualTo("ads");
    }

    @Test
    void aNewPlatformIsASubscribe() {
        PlanAction subscribe = fire("30", List.of(), List.of(tier("max", "ads", "9.99", 3))).only();
        assertThat(subscribe.getType()).isEqualTo(PlanAction.Type.SUBSCRIBE);
        assertThat(subscribe.getFromTierId()).isNull();
    }

    @Test
    void aBundleIsASubscribeAndReplacesTheSubscriptionItCovers() {
        CurrentSubscription disney = new CurrentSubscription("disney", "premium", new BigDecimal("15.99"), BILLING, null);
        Outcome outcome = fire("30", List.of(disney), List.of(ChosenAccess.bundle("disney-hulu",
                List.of("disney", "hulu"), new BigDecimal("10.99"), 4)));
        assertThat(outcome.actions()).extracting(PlanAction::getType)
                .containsExactlyInAnyOrder(PlanAction.Type.SUBSCRIBE, PlanAction.Type.CANCEL);
    }

    @Test
    void rideItOutCancelsTheDayBeforeRenewalAndKeepsAccessUntilThen() {
        PlanAction cancel = fire("30", List.of(netflix("standard", "15.49")), List.of()).only();
        assertThat(cancel.getType()).isEqualTo(PlanAction.Type.CANCEL);
        assertThat(cancel.getDate()).isEqualTo(BILLING.minusDays(1));
        assertThat(cancel.getAccessUntil()).isEqualTo(BILLING);
        assertThat(cancel.getMonthlyCost()).isEqualByComparingTo("15.49");
    }

    @Test
    void strictBudgetDropsTheLowestValueChoiceAndItsActionsFollow() {
        Outcome outcome = fire("20", List.of(netflix("standard", "15.49")), List.of(
                tier("netflix", "standard", "15.49", 1.0), tier("max", "ads", "9.99", 5.0)));
        assertThat(outcome.drops()).hasSize(1);
        assertThat(outcome.drops().get(0).getDropped().getPlatformId()).isEqualTo("netflix");
        // The keep that depended on the dropped choice is gone; the ride-it-out cancel took its place.
        assertThat(outcome.actions()).extracting(PlanAction::getType)
                .containsExactlyInAnyOrder(PlanAction.Type.SUBSCRIBE, PlanAction.Type.CANCEL);
    }

    @Test
    void withinBudgetNothingIsDropped() {
        Outcome outcome = fire("25.48", List.of(netflix("standard", "15.49")), List.of(
                tier("netflix", "standard", "15.49", 1.0), tier("max", "ads", "9.99", 5.0)));
        assertThat(outcome.drops()).isEmpty();
        assertThat(outcome.actions()).hasSize(2);
    }
}
