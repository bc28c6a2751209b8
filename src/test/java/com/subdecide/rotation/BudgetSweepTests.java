package com.subdecide.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import com.subdecide.rules.RuleFolders;
import com.subdecide.rules.RuleSet;
import com.subdecide.tools.SampleMonths;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BudgetSweepTests {

    static final RuleSet RULES = RuleFolders.loadShipped();

    @Test
    void everyPointEqualsAnIndependentSolveAndFarFewerSolvesAreNeeded() {
        RotationRequest month = SampleMonths.create(new SampleMonths.Shape(8, 2, 60, 20), 7);
        List<BigDecimal> budgets = new ArrayList<>();
        for (int b = 0; b <= 80; b++) {
            budgets.add(BigDecimal.valueOf(b));
        }
        BudgetSweep.Sweep sweep = new BudgetSweep().sweep(month, budgets, RULES);
        assertThat(sweep.points()).hasSize(81);
        assertThat(sweep.solves()).isLessThan(81 / 2);

        TitleValuation.Result valued = TitleValuation.value(month, RULES);
        for (BudgetSweep.Point point : sweep.points()) {
            assertThat(point.monthlyCost()).isLessThanOrEqualTo(point.budget());
            assertThat(point.proven()).isTrue();
            var alone = RotationPlanner.allocate(month.withBudget(point.budget()), valued, RULES);
            assertThat(BigDecimal.valueOf(alone.getScore().softScore(1), 4).setScale(2, java.math.RoundingMode.HALF_UP))
                    .as("budget %s", point.budget()).isEqualByComparingTo(point.coveredValue());
        }
        for (int k = 1; k < sweep.points().size(); k++) {
            assertThat(sweep.points().get(k).coveredValue())
                    .isGreaterThanOrEqualTo(sweep.points().get(k - 1).coveredValue());
            assertThat(sweep.points().get(k).valuePerExtraDollar()).isNotNegative();
        }
        assertThat(sweep.points().get(0).choices()).isEmpty();
    }
}
