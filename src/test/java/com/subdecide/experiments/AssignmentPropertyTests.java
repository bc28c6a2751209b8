package com.subdecide.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

class AssignmentPropertyTests {

    @Property(tries = 2000)
    void raisingCoverageNeverMovesAnAssignedUser(@ForAll @StringLength(min = 1, max = 40) String userId,
            @ForAll @DoubleRange(min = 0, max = 1) double low, @ForAll @DoubleRange(min = 0, max = 1) double high,
            @ForAll @IntRange(min = 2, max = 5) int arms) {
        double from = Math.min(low, high);
        double to = Math.max(low, high);
        double[] weights = Assignment.equalWeights(arms);
        Assignment.Result before = Assignment.assign(Assignment.Design.of("exp", "seed-1", from, weights),
                Map.of("id", userId));
        Assignment.Result after = Assignment.assign(Assignment.Design.of("exp", "seed-1", to, weights),
                Map.of("id", userId));
        if (before.inExperiment()) {
            assertThat(after.inExperiment()).isTrue();
            assertThat(after.variation()).isEqualTo(before.variation());
        }
        assertThat(after.hashValue()).isEqualTo(before.hashValue());
    }

    @Property(tries = 500)
    void theSameInputsGiveTheSameVariant(@ForAll @StringLength(min = 1, max = 40) String userId,
            @ForAll @DoubleRange(min = 0.01, max = 0.99) double split) {
        Assignment.Design design = Assignment.Design.of("exp", "seed-2", 1.0, split, 1 - split);
        assertThat(Assignment.assign(design, Map.of("id", userId)))
                .isEqualTo(Assignment.assign(design, Map.of("id", new String(userId.toCharArray()))));
    }
}
