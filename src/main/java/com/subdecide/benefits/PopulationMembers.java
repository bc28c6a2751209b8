package com.subdecide.benefits;

import com.subdecide.benefits.domain.Exclusion;
import com.subdecide.benefits.domain.Ineligible;
import com.subdecide.benefits.domain.TierBenefit;
import com.subdecide.benefits.population.PopulationProblem;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Turns what the rules offer one member into their part of a population problem, the way the per-user allocation
 * reads the same facts: core benefits take slots first; pool benefits are options when the member is eligible and
 * scores at or above the tier's threshold; defaults (in order) and exclusions travel along for the outcome.
 */
public final class PopulationMembers {

    /** A member ready to add: {@code null} options when the rules know no such tier. */
    public record Prepared(String userId, String tier, int freeSlots, List<PopulationProblem.Option> options,
            PopulationProblem.Extras extras) {

        public void addTo(PopulationProblem problem) {
            problem.add(userId, tier, freeSlots, options, extras);
        }
    }

    private PopulationMembers() {
    }

    public static Prepared prepare(String userId, String tier, BenefitAllocator.Offers offers, ToDoubleFunction<String> score) {
        return prepare(userId, tier, offers, score, true);
    }

    /** As {@link #prepare(String, String, BenefitAllocator.Offers, ToDoubleFunction)}; without thresholds every eligible pool benefit is an option (the benchmark's dense shape). */
    public static Prepared prepare(String userId, String tier, BenefitAllocator.Offers offers, ToDoubleFunction<String> score,
            boolean thresholds) {
        if (offers.slots().isEmpty()) {
            return new Prepared(userId, tier, 0, null, null);
        }
        int max = offers.slots().get(0).getMaxBenefits();
        Set<String> core = new LinkedHashSet<>();
        offers.core().forEach(b -> core.add(b.getBenefitId()));
        Set<String> ineligible = new java.util.HashSet<>();
        offers.ineligible().stream().map(Ineligible::getBenefitId).forEach(ineligible::add);
        List<PopulationProblem.Option> options = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>(core);
        for (TierBenefit b : offers.pool()) {
            String id = b.getBenefitId();
            double s = score.applyAsDouble(id);
            if (ineligible.contains(id) || thresholds && s < b.getThreshold() || !seen.add(id)) {
                continue;
            }
            options.add(new PopulationProblem.Option(id, s, b.getValue(), b.getRule()));
        }
        List<String> defaults = offers.defaults().stream().map(TierBenefit::getBenefitId).distinct().toList();
        List<List<String>> exclusions = new ArrayList<>();
        for (Exclusion e : offers.exclusions()) {
            exclusions.add(List.of(e.getFirst(), e.getSecond()));
        }
        return new Prepared(userId, tier, max - core.size(), options,
                new PopulationProblem.Extras(List.copyOf(core), defaults, List.copyOf(exclusions)));
    }
}
