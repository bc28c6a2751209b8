package com.subdecide.benefits;

import com.subdecide.benefits.domain.AllocationRequest;
import com.subdecide.benefits.domain.BenefitUser;
import com.subdecide.benefits.domain.Exclusion;
import com.subdecide.benefits.domain.Ineligible;
import com.subdecide.benefits.domain.SwapRule;
import com.subdecide.benefits.domain.TierBenefit;
import com.subdecide.benefits.domain.TierSlots;
import com.subdecide.rules.FiredRule;
import com.subdecide.rules.RuleRun;
import com.subdecide.rules.RuleSet;
import com.subdecide.system.FieldProblem;
import com.subdecide.system.InvalidRequestException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * One user's benefits in their tier: the tier's core benefits, then pool benefits whose propensity score clears
 * the tier's threshold (best first by score × value, skipping ineligible and excluded ones), then defaults in
 * order until the tier's slots are full. The tiers, pools, thresholds, slots and defaults come from the decision
 * tables, eligibility and exclusions from the DRL; every benefit names the rule or row that put it there.
 */
@Service
public class BenefitAllocator {

    static final String PACKAGE = "com.subdecide.rules.benefits";

    /** One benefit given, and why ({@code score} only for pool benefits). */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Given(String benefitId, String kind, Double score, String reason, String source) {
    }

    /** The allocation. {@code notGiven} says why pool benefits the user scored for were left out. */
    public record Allocation(UUID decisionId, String rulesetVersion, String userId, String tier, String modelVersion,
            int slots, List<Given> benefits, List<String> notGiven, List<FiredRule> rulesFired) {
    }

    /** What the tier tables and eligibility rules say for one user and tier. */
    public record Offers(List<TierBenefit> offered, List<TierSlots> slots, List<Ineligible> ineligible,
            List<Exclusion> exclusions, List<SwapRule> swaps, List<FiredRule> fired) {

        /** The tier's core benefits, in the order of their rows. */
        public List<TierBenefit> core() {
            return byRow(TierBenefit.Kind.CORE);
        }

        /** The tier's pool benefits with their thresholds and values, in the order of their rows. */
        public List<TierBenefit> pool() {
            return byRow(TierBenefit.Kind.POOL);
        }

        /** The tier's default benefits, in the order the Defaults table gives them. */
        public List<TierBenefit> defaults() {
            return byRow(TierBenefit.Kind.DEFAULT).stream()
                    .sorted(Comparator.comparingInt(TierBenefit::getOrder).thenComparing(TierBenefit::getBenefitId)).toList();
        }

        private List<TierBenefit> byRow(TierBenefit.Kind kind) {
            return offered.stream().filter(b -> b.getKind() == kind).sorted(Comparator.comparing(TierBenefit::getRule)).toList();
        }
    }

    public Offers offers(String userId, String tier, RuleSet ruleSet, BenefitUser behaviour) {
        try (RuleRun run = ruleSet.newRun()) {
            run.insert(new AllocationRequest(userId, tier));
            run.insert(behaviour);
            run.fireAll();
            return new Offers(run.facts(TierBenefit.class), run.facts(TierSlots.class), run.facts(Ineligible.class),
                    run.facts(Exclusion.class), run.facts(SwapRule.class), run.firedRules());
        }
    }

    public Allocation allocate(UUID decisionId, String userId, String tier, RuleSet ruleSet,
            PropensityModels.Scored scored, BenefitUser behaviour) {
        Offers offers = offers(userId, tier, ruleSet, behaviour);
        List<TierSlots> slots = offers.slots();
        List<Ineligible> ineligible = offers.ineligible();
        List<Exclusion> exclusions = offers.exclusions();
        List<FiredRule> fired = offers.fired();
        if (slots.isEmpty()) {
            throw new InvalidRequestException("invalid_request", "Unknown tier",
                    List.of(new FieldProblem("$.tier", "unknown_value", "no tier '" + tier + "' in the Slots table")));
        }
        int max = slots.get(0).getMaxBenefits();
        List<Given> given = new ArrayList<>();
        Set<String> held = new LinkedHashSet<>();
        List<String> notGiven = new ArrayList<>();

        for (TierBenefit core : offers.core()) {
            if (held.add(core.getBenefitId())) {
                given.add(new Given(core.getBenefitId(), "CORE", null, "Core benefit of " + tier, source(ruleSet, core.getRule())));
            }
        }
        List<TierBenefit> pool = new ArrayList<>(offers.pool());
        pool.sort(Comparator.comparingDouble((TierBenefit b) -> -scored.of(b.getBenefitId()) * b.getValue())
                .thenComparing(TierBenefit::getBenefitId));
        for (TierBenefit b : pool) {
            double score = scored.of(b.getBenefitId());
            String id = b.getBenefitId();
            Ineligible no = ineligible.stream().filter(i -> i.getBenefitId().equals(id)).findFirst().orElse(null);
            Exclusion clash = exclusions.stream().filter(e -> held.stream().anyMatch(h -> e.excludes(h, id))).findFirst()
                    .orElse(null);
            if (score < b.getThreshold() || held.contains(id)) {
                continue;
            }
            if (no != null) {
                notGiven.add(id + ": " + no.getReason() + " (" + source(ruleSet, no.getRule()) + ")");
            } else if (clash != null) {
                notGiven.add(id + ": excluded by a benefit already given (" + source(ruleSet, clash.getRule()) + ")");
            } else if (given.size() >= max) {
                notGiven.add(id + ": no slot left (" + tier + " gives " + max + ")");
            } else {
                held.add(id);
                given.add(new Given(id, "POOL", score, String.format(Locale.ROOT,
                        "Your score %.2f clears %s's threshold %.2f", score, tier, b.getThreshold()), source(ruleSet, b.getRule())));
            }
        }
        for (TierBenefit d : offers.defaults()) {
            if (given.size() >= max) {
                break;
            }
            boolean excluded = exclusions.stream().anyMatch(e -> held.stream().anyMatch(h -> e.excludes(h, d.getBenefitId())));
            if (!excluded && held.add(d.getBenefitId())) {
                given.add(new Given(d.getBenefitId(), "DEFAULT", null, "Default benefit filling a free slot",
                        source(ruleSet, d.getRule())));
            }
        }
        return new Allocation(decisionId, ruleSet.version(), userId, tier, scored.modelVersion(), max, given, notGiven,
                fired);
    }

    static String source(RuleSet ruleSet, String rule) {
        return ruleSet.describe(PACKAGE, rule).source();
    }
}
