package com.subdecide.rotation.solver;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.optaplanner.core.api.domain.solution.PlanningEntityCollectionProperty;
import org.optaplanner.core.api.domain.solution.PlanningScore;
import org.optaplanner.core.api.domain.solution.PlanningSolution;
import org.optaplanner.core.api.domain.solution.ProblemFactCollectionProperty;
import org.optaplanner.core.api.domain.solution.ProblemFactProperty;
import org.optaplanner.core.api.score.buildin.bendablelong.BendableLongScore;

/**
 * A month's access plan. Score levels: hard (budget, tier exclusivity), then soft in order: urgent
 * must-watch value, covered value, monthly cost, changes to current subscriptions.
 */
@PlanningSolution
public class RotationSolution {

    @PlanningEntityCollectionProperty
    private List<PlatformSlot> slots;
    @ProblemFactCollectionProperty
    private List<AccessOption> options;
    @ProblemFactCollectionProperty
    private List<TitleOnPlatform> titlesOnPlatforms;
    @ProblemFactCollectionProperty
    private List<BundleMember> bundleMembers;
    @ProblemFactCollectionProperty
    private List<CurrentTier> currentTiers;
    @ProblemFactProperty
    private Budget budget;

    @PlanningScore(bendableHardLevelsSize = 1, bendableSoftLevelsSize = 4)
    private BendableLongScore score;

    /** Written by the exact phase; shared by the working and best solutions on purpose. */
    private final AtomicReference<ExactSearchReport> exactReport = new AtomicReference<>();

    public RotationSolution() {
    }

    public RotationSolution(List<PlatformSlot> slots, List<AccessOption> options, List<TitleOnPlatform> titlesOnPlatforms,
            List<BundleMember> bundleMembers, List<CurrentTier> currentTiers, Budget budget) {
        this.slots = slots;
        this.options = options;
        this.titlesOnPlatforms = titlesOnPlatforms;
        this.bundleMembers = bundleMembers;
        this.currentTiers = currentTiers;
        this.budget = budget;
    }

    public List<PlatformSlot> getSlots() {
        return slots;
    }

    public List<AccessOption> getOptions() {
        return options;
    }

    public List<TitleOnPlatform> getTitlesOnPlatforms() {
        return titlesOnPlatforms;
    }

    public List<BundleMember> getBundleMembers() {
        return bundleMembers;
    }

    public List<CurrentTier> getCurrentTiers() {
        return currentTiers;
    }

    public Budget getBudget() {
        return budget;
    }

    public BendableLongScore getScore() {
        return score;
    }

    public void setScore(BendableLongScore score) {
        this.score = score;
    }

    public ExactSearchReport getExactReport() {
        return exactReport.get();
    }

    void setExactReport(ExactSearchReport report) {
        exactReport.set(report);
    }
}
