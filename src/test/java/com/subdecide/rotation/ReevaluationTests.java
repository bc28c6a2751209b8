package com.subdecide.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import com.subdecide.rules.RuleFolders;
import com.subdecide.rules.RuleSet;
import com.subdecide.tools.SampleMonths;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Marking a title completed mid-month: the re-decided plan stays within budget and the title stops counting. */
class ReevaluationTests {

    static final RuleSet RULES = RuleFolders.loadShipped();
    final RotationPlanner planner = new RotationPlanner();

    @Property(tries = 60)
    void reEvaluationNeverExceedsTheBudgetAndDropsTheTitle(@ForAll @LongRange(min = 0, max = 100_000) long seed,
            @ForAll @IntRange(min = 0, max = 29) int pick, @ForAll boolean hibernate) {
        RotationRequest month = SampleMonths.create(new SampleMonths.Shape(6, 1, 30, 20), seed);
        RotationPlan before = planner.plan(month, RULES, UUID.randomUUID()).plan();
        RotationRequest.WatchItem marked = month.watchlist().get(pick % month.watchlist().size());
        List<RotationRequest.WatchItem> watchlist = new ArrayList<>();
        for (RotationRequest.WatchItem w : month.watchlist()) {
            watchlist.add(w != marked ? w : new RotationRequest.WatchItem(w.titleId(), w.name(), w.kind(), w.priority(),
                    w.recScore(), hibernate ? "HIBERNATING" : "COMPLETED", w.episodesWatched(), w.episodesTotal(), w.lists()));
        }
        RotationRequest after = new RotationRequest(month.userId(), month.asOf(), month.budgetCap(), month.currency(),
                watchlist, month.activeSubscriptions(), month.platforms(), month.bundles(), month.catalog(),
                month.contentLifecycle());
        RotationPlan again = planner.plan(after, RULES, UUID.randomUUID()).plan();

        assertThat(again.totalMonthlyCost()).isLessThanOrEqualTo(month.budgetCap());
        assertThat(again.watchNext()).noneSatisfy(w -> assertThat(w.titleId()).isEqualTo(marked.titleId()));
        assertThat(again.platformScores()).allSatisfy(p -> assertThat(p.titles()).doesNotContain(marked.titleId()));
        for (RotationPlan.PlatformScore score : again.platformScores()) {
            before.platformScores().stream().filter(p -> p.platformId().equals(score.platformId())).findFirst()
                    .ifPresent(was -> assertThat(score.utilityScore()).isLessThanOrEqualTo(was.utilityScore()));
        }
    }
}
