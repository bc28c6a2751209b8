package com.subdecide.benefits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.subdecide.benefits.domain.BenefitUser;
import com.subdecide.rules.RuleFolders;
import com.subdecide.rules.RuleSet;
import com.subdecide.system.InvalidRequestException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The tier tables and eligibility rules, through the allocator, on the shipped rule set. */
class BenefitAllocatorTests {

    static final RuleSet RULES = RuleFolders.loadShipped();
    final BenefitAllocator allocator = new BenefitAllocator();

    static PropensityModels.Scored scores(Object... pairs) {
        List<PropensityModels.Score> list = new java.util.ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            list.add(new PropensityModels.Score((String) pairs[i], (Double) pairs[i + 1], List.of()));
        }
        return new PropensityModels.Scored("bps-test", list);
    }

    BenefitAllocator.Allocation allocate(String tier, PropensityModels.Scored scored, int purchases) {
        return allocator.allocate(UUID.randomUUID(), "u-1", tier, RULES, scored, new BenefitUser("u-1", purchases, 0, 0));
    }

    @Test
    void silverGivesItsCoreThenPoolBenefitsBestFirstUntilItsThreeSlotsAreFull() {
        BenefitAllocator.Allocation a = allocate("SILVER", scores("fast_shipping", 0.81, "discount_10", 0.7,
                "early_access", 0.65, "exclusive_products", 0.9), 0);
        assertThat(a.slots()).isEqualTo(3);
        assertThat(a.benefits()).extracting(BenefitAllocator.Given::benefitId)
                .containsExactly("free_shipping", "fast_shipping", "discount_10");
        assertThat(a.benefits().get(0).source()).isEqualTo("decision-tables/benefit-core.drl.xlsx!Core!B11");
        assertThat(a.benefits().get(1).source()).isEqualTo("decision-tables/benefit-pool.drl.xlsx!Pool!B12");
        assertThat(a.benefits().get(1).reason()).isEqualTo("Your score 0.81 clears SILVER's threshold 0.55");
        // Exclusive products scored highest but needs a recent purchase; early access found no slot.
        assertThat(a.notGiven()).containsExactly(
                "exclusive_products: no purchase in the last 90 days (rules/benefit-eligibility.drl:12)",
                "early_access: no slot left (SILVER gives 3)");
    }

    @Test
    void scoresBelowTheThresholdLeaveTheSlotsToDefaultsInOrder() {
        BenefitAllocator.Allocation a = allocate("GOLD", scores("fast_shipping", 0.3, "discount_10", 0.2), 2);
        assertThat(a.benefits()).extracting(BenefitAllocator.Given::benefitId)
                .containsExactly("free_shipping", "priority_support", "birthday_coupon", "member_events", "member_newsletter");
        assertThat(a.benefits()).extracting(BenefitAllocator.Given::kind)
                .containsExactly("CORE", "CORE", "DEFAULT", "DEFAULT", "DEFAULT");
    }

    @Test
    void oneDiscountAtATimeAndAnUnknownTierIsRefused() {
        BenefitAllocator.Allocation a = allocate("SILVER", scores("discount_10", 0.7), 1);
        // The birthday coupon, first default, is another discount: the next default takes the slot.
        assertThat(a.benefits()).extracting(BenefitAllocator.Given::benefitId)
                .containsExactly("free_shipping", "discount_10", "member_newsletter");
        BenefitAllocator.Allocation withoutModel = allocate("SILVER", new PropensityModels.Scored(null, List.of()), 1);
        assertThat(withoutModel.benefits()).extracting(BenefitAllocator.Given::benefitId)
                .containsExactly("free_shipping", "birthday_coupon", "member_newsletter");
        assertThatThrownBy(() -> allocate("PLATINUM", scores(), 1)).isInstanceOf(InvalidRequestException.class);
    }
}
