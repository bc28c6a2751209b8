package com.subdecide.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import com.subdecide.rotation.RotationRequest.CatalogEntry;
import com.subdecide.rotation.RotationRequest.LifecycleEntry;
import com.subdecide.rotation.RotationRequest.Platform;
import com.subdecide.rotation.RotationRequest.Tier;
import com.subdecide.rotation.RotationRequest.WatchItem;
import com.subdecide.rules.RuleFolders;
import com.subdecide.rules.RuleSet;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An analyst changing one row of each table changes the decision, with no code change. */
class DecisionTableEditTests {

    private static final LocalDate AS_OF = LocalDate.of(2026, 11, 23);

    @TempDir
    Path temp;

    private final RotationPlanner planner = new RotationPlanner();

    /** Two platforms at 10.00 and a budget for one: the decision is which one. */
    private static RotationRequest twoPlatforms(WatchItem onA, WatchItem onB, List<LifecycleEntry> lifecycle) {
        return new RotationRequest("u", AS_OF, new BigDecimal("10.00"), "USD", List.of(onA, onB), List.of(),
                List.of(new Platform("a", "A", List.of(new Tier("std", "STANDARD", new BigDecimal("10.00")))),
                        new Platform("b", "B", List.of(new Tier("std", "STANDARD", new BigDecimal("10.00"))))),
                List.of(), List.of(new CatalogEntry(onA.titleId(), List.of("a")),
                        new CatalogEntry(onB.titleId(), List.of("b"))), lifecycle);
    }

    private static WatchItem item(String id, String priority, String rec, String status, String kind) {
        return new WatchItem(id, id, kind, priority, new BigDecimal(rec), status, null, null, List.of("own"));
    }

    private String chosen(RotationRequest request, RuleSet rules) {
        RotationPlan plan = planner.plan(request, rules, UUID.randomUUID()).plan();
        assertThat(plan.actionPlan().subscribe()).hasSize(1);
        return plan.actionPlan().subscribe().get(0).platformId();
    }

    @Test
    void emphasisTable() {
        // Must watch 0.5 x 3.0 = 1.5 beats nice to watch 1.0; at emphasis 0.1 it no longer does.
        RotationRequest request = twoPlatforms(item("m", "MUST_WATCH", "0.5", "WANT", "MOVIE"),
                item("n", "NICE_TO_WATCH", "1.0", "WANT", "MOVIE"), List.of());
        RuleFolders folders = RuleFolders.copyOfShipped(temp);
        assertThat(chosen(request, folders.load())).isEqualTo("a");
        folders.setCell("decision-tables/emphasis.drl.xlsx", "Emphasis", "C10", 0.1);
        assertThat(chosen(request, folders.load())).isEqualTo("b");
    }

    @Test
    void urgencyTable() {
        // Leaving in 10 days: 0.5 x 5.0 = 2.5 beats 1.0; at multiplier 1.0 it no longer does.
        RotationRequest request = twoPlatforms(item("l", "NICE_TO_WATCH", "0.5", "WANT", "MOVIE"),
                item("n", "NICE_TO_WATCH", "1.0", "WANT", "MOVIE"),
                List.of(new LifecycleEntry("l", "a", AS_OF.plusDays(10), null)));
        RuleFolders folders = RuleFolders.copyOfShipped(temp);
        assertThat(chosen(request, folders.load())).isEqualTo("a");
        folders.setCell("decision-tables/urgency.drl.xlsx", "Urgency", "D10", 1.0);
        assertThat(chosen(request, folders.load())).isEqualTo("b");
    }

    @Test
    void urgencyWindowCell() {
        // Leaving in 40 days is outside a one-month window; widen the window to two months and it counts.
        RotationRequest request = twoPlatforms(item("l", "NICE_TO_WATCH", "0.5", "WANT", "MOVIE"),
                item("n", "NICE_TO_WATCH", "1.0", "WANT", "MOVIE"),
                List.of(new LifecycleEntry("l", "a", AS_OF.plusDays(40), null)));
        RuleFolders folders = RuleFolders.copyOfShipped(temp);
        assertThat(chosen(request, folders.load())).isEqualTo("b");
        folders.setCell("decision-tables/urgency.drl.xlsx", "Urgency", "B10", 2);
        folders.setCell("decision-tables/urgency.drl.xlsx", "Urgency", "C11", 2);
        assertThat(chosen(request, folders.load())).isEqualTo("a");
    }

    @Test
    void progressTable() {
        // In-progress series 0.8 x 1.5 = 1.2 beats 1.0; at progress 0.5 it no longer does.
        RotationRequest request = twoPlatforms(item("s", "NICE_TO_WATCH", "0.8", "IN_PROGRESS", "SERIES"),
                item("n", "NICE_TO_WATCH", "1.0", "WANT", "MOVIE"), List.of());
        RuleFolders folders = RuleFolders.copyOfShipped(temp);
        assertThat(chosen(request, folders.load())).isEqualTo("a");
        folders.setCell("decision-tables/progress.drl.xlsx", "Progress", "D10", 0.5);
        assertThat(chosen(request, folders.load())).isEqualTo("b");
    }

    @Test
    void tierQualityTable() {
        // Premium (1.00) is worth its extra cost over ads (0.85); rate ads at 1.00 and the cheaper tier wins.
        RotationRequest request = new RotationRequest("u", AS_OF, new BigDecimal("20.00"), "USD",
                List.of(item("t", "MUST_WATCH", "1.0", "WANT", "MOVIE")), List.of(),
                List.of(new Platform("a", "A", List.of(new Tier("ads", "AD_SUPPORTED", new BigDecimal("5.00")),
                        new Tier("premium", "PREMIUM", new BigDecimal("15.00"))))),
                List.of(), List.of(new CatalogEntry("t", List.of("a"))), List.of());
        RuleFolders folders = RuleFolders.copyOfShipped(temp);
        assertThat(planner.plan(request, folders.load(), UUID.randomUUID()).plan().actionPlan().subscribe().get(0)
                .tierId()).isEqualTo("premium");
        folders.setCell("decision-tables/tier-quality.drl.xlsx", "TierQuality", "C12", 1.0);
        assertThat(planner.plan(request, folders.load(), UUID.randomUUID()).plan().actionPlan().subscribe().get(0)
                .tierId()).isEqualTo("ads");
    }
}
