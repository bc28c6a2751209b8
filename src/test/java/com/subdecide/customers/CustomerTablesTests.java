package com.subdecide.customers;

import static org.assertj.core.api.Assertions.assertThat;

import com.subdecide.customers.domain.ChurnReading;
import com.subdecide.customers.domain.CustomerUsage;
import com.subdecide.customers.domain.ModelQuality;
import com.subdecide.customers.domain.Opportunity;
import com.subdecide.customers.domain.ValueAssumptions;
import com.subdecide.rules.RuleFolders;
import com.subdecide.rules.RuleRun;
import com.subdecide.rules.RuleSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped customer tables, row by row, as analysts wrote them. */
class CustomerTablesTests {

    static final RuleSet RULES = RuleFolders.loadShipped();

    static <T> T apply(T fact) {
        try (RuleRun run = RULES.newRun()) {
            run.insert(fact);
            run.fireAll();
        }
        return fact;
    }

    @Test
    void riskLevelsAndActionsFollowTheScoreAndWhatDrivesIt() {
        assertThat(apply(new ChurnReading("c", "individual", 0.05, List.of())).getLevel()).isEqualTo("LOW");
        assertThat(apply(new ChurnReading("c", "individual", 0.05, List.of())).getActions()).isEmpty();
        ChurnReading medium = apply(new ChurnReading("c", "individual", 0.1, List.of("payment_failures_90d")));
        assertThat(medium.getLevel()).isEqualTo("MEDIUM");
        assertThat(medium.getActions()).containsExactlyInAnyOrder("engagement_email", "update_payment_method");
        ChurnReading critical = apply(new ChurnReading("c", "student", 0.7, List.of("usage_trend", "sessions_30d")));
        assertThat(critical.getLevel()).isEqualTo("CRITICAL");
        // Both usage rows recommend the same action: it is listed once.
        assertThat(critical.getActions()).containsExactlyInAnyOrder("success_call", "retention_offer_20pct",
                "content_recommendations");
        assertThat(apply(new ChurnReading("c", "x", 0.3, List.of("support_contacts_90d"))).getActions())
                .containsExactlyInAnyOrder("retention_offer_10pct", "support_follow_up");
    }

    @Test
    void aSegmentsOwnRowReplacesTheDefaults() {
        ValueAssumptions family = apply(new ValueAssumptions("family"));
        assertThat(family.margin()).isEqualTo(0.72);
        assertThat(family.minimumCustomers()).isEqualTo(100);
        ValueAssumptions other = apply(new ValueAssumptions("enterprise"));
        assertThat(other.margin()).isEqualTo(0.7);
        assertThat(other.annualDiscountRate()).isEqualTo(0.1);
        assertThat(other.monthlyDiscountRate()).isBetween(0.0079, 0.0080);
        assertThat(other.minimumHistoryMonths()).isEqualTo(27);
        assertThat(other.churnPriceElasticity()).isEqualTo(1.5);
        assertThat(other.acquisitionPriceElasticity()).isEqualTo(-1.2);
    }

    @Test
    void heavyUsersBelowTheTopTierAreOfferedTheNextOne() {
        CustomerUsage heavy = apply(new CustomerUsage("c", "family", 1, 3, 4, 30, 0, 0.1));
        assertThat(heavy.opportunities()).extracting(Opportunity::getKind, Opportunity::getOffer,
                Opportunity::getProbability).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("UPGRADE", null, 0.25),
                org.assertj.core.groups.Tuple.tuple("UPGRADE", null, 0.1),
                org.assertj.core.groups.Tuple.tuple("ADD_ON", "extra_screens", 0.2));
        assertThat(apply(new CustomerUsage("c", "family", 3, 3, 4, 30, 0, 0.1)).opportunities())
                .extracting(Opportunity::getKind).containsExactly("ADD_ON");
        assertThat(apply(new CustomerUsage("c", "individual", 1, 3, 1, 30, 0, 0.5)).opportunities()).isEmpty();
    }

    @Test
    void eachModelHasItsBar() {
        ModelQuality churn = apply(new ModelQuality("churn", 0.7, 500));
        assertThat(churn.minimumAuc()).isEqualTo(0.65);
        assertThat(churn.minimumLabelled()).isEqualTo(200);
        assertThat(churn.rule()).isNotNull();
        assertThat(apply(new ModelQuality("bps", 0.7, 500)).minimumAuc()).isEqualTo(0.65);
        assertThat(apply(new ModelQuality("unknown", 0.7, 500)).minimumAuc()).isNaN();
    }

    @Test
    void timeToChurnIsTheMonthSurvivalFallsToAHalf() {
        assertThat(ChurnModels.timeToChurnDays(0.5)).isEqualTo(30);
        assertThat(ChurnModels.timeToChurnDays(0.1)).isEqualTo(210);
        assertThat(ChurnModels.timeToChurnDays(0.0001)).isEqualTo(3650);
        assertThat(ChurnModels.timeToChurnDays(0)).isNull();
    }
}
