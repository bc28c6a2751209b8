package com.subdecide.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import com.subdecide.pricing.domain.PriceLimits;
import com.subdecide.pricing.domain.TierOrder;
import com.subdecide.rules.RuleFolders;
import com.subdecide.rules.RuleRun;
import com.subdecide.rules.RuleSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped pricing constraints and guardrails, row by row and rule by rule, matching and not. */
class PricingRulesTests {

    static final RuleSet RULES = RuleFolders.loadShipped();

    record Run(List<PriceLimits> limits, List<TierOrder> tiers, java.util.Map<String, com.subdecide.rules.FiredRule> fired) {

        /** Where the rule that set {@code limit} of the first cell is written. */
        String source(String limit) {
            return fired.get(limits.get(0).setBy().get(limit)).source();
        }
    }

    static Run run(PriceLimits... limits) {
        try (RuleRun run = RULES.newRun()) {
            for (PriceLimits l : limits) {
                run.insert(l);
            }
            run.fireAll();
            return new Run(List.of(limits), run.facts(TierOrder.class), run.firedByName());
        }
    }

    static PriceLimits cell(String plan, String segment, int tier, double churn) {
        return new PriceLimits(plan, segment, tier, "USD", "MONTH", 9.99, null, churn);
    }

    @Test
    void theEveryPlanRowSetsTheDefaults() {
        Run r = run(cell("standard", "individual", 2, 0.03));
        PriceLimits l = r.limits().get(0);
        assertThat(l.minimumPrice()).isEqualTo(0.99);
        assertThat(l.maximumPrice()).isEqualTo(999.0);
        assertThat(l.maxChangePercent()).isEqualTo(15.0);
        assertThat(l.competitivePercent()).isEqualTo(110.0);
        assertThat(l.grandfatherMonths()).isEqualTo(3);
        assertThat(l.priceEnding()).isEqualTo(".99");
        assertThat(r.source("max_change")).isEqualTo("decision-tables/pricing-constraints.drl.xlsx!Constraints!B10");
    }

    @Test
    void thePlanAndSegmentRowsAreStricterWhereTheyApply() {
        Run r = run(cell("basic", "individual", 1, 0.03));
        assertThat(r.limits().get(0).minimumPrice()).isEqualTo(4.99);
        assertThat(r.source("minimum_price")).endsWith("Constraints!B11");
        PriceLimits student = run(cell("premium", "student", 3, 0.03)).limits().get(0);
        assertThat(student.minimumPrice()).isEqualTo(0.99);
        assertThat(student.maxChangePercent()).isEqualTo(10.0);
        assertThat(student.grandfatherMonths()).isEqualTo(6);
        // A looser row never relaxes a stricter one, whatever the order.
        PriceLimits l = cell("x", "y", 1, 0);
        l.changeAtMost(5, "a");
        l.changeAtMost(15, "b");
        assertThat(l.maxChangePercent()).isEqualTo(5.0);
        assertThat(l.setBy().get("max_change")).isEqualTo("a");
    }

    @Test
    void tiersAreOrderedWithinEachSegmentToTheNextTierUp() {
        Run r = run(cell("basic", "individual", 1, 0.03), cell("standard", "individual", 2, 0.03),
                cell("premium", "individual", 3, 0.03), cell("basic", "family", 1, 0.03));
        assertThat(r.tiers()).extracting(t -> t.segment() + ":" + t.lowerPlan() + "<" + t.upperPlan())
                .containsExactlyInAnyOrder("individual:basic<standard", "individual:standard<premium");
        assertThat(r.tiers()).allSatisfy(t -> assertThat(t.minimumGapPercent()).isEqualTo(5.0));
        // Another currency is another ladder.
        PriceLimits euro = new PriceLimits("premium-eu", "individual", 3, "EUR", "MONTH", 9.99, null, 0.03);
        assertThat(run(cell("basic", "individual", 1, 0.03), euro).tiers()).isEmpty();
    }

    @Test
    void noIncreaseOnlyAboveTheChurnThreshold() {
        PriceLimits risky = run(cell("basic", "student", 1, 0.0601)).limits().get(0);
        assertThat(risky.increaseForbidden()).isTrue();
        assertThat(risky.increaseForbiddenReason()).contains("6%");
        assertThat(run(cell("basic", "student", 1, 0.06)).limits().get(0).increaseForbidden()).isFalse();
    }

    @Test
    void everyIncreaseNeedsThirtyDaysNotice() {
        PriceLimits l = run(cell("basic", "individual", 1, 0.01)).limits().get(0);
        assertThat(l.noticeDays()).isEqualTo(30);
        assertThat(l.setBy().get("notice_period")).startsWith("an increase needs 30 days");
    }
}
