package com.subdecide.benefits;

import com.subdecide.benefits.domain.Ineligible;
import com.subdecide.benefits.domain.SwapRule;
import com.subdecide.benefits.domain.TierBenefit;
import com.subdecide.rules.ActiveRuleSet;
import com.subdecide.rules.RuleSet;
import com.subdecide.system.FieldProblem;
import com.subdecide.system.InvalidRequestException;
import com.subdecide.system.NotFoundException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * The member's own view: the dashboard (current benefits and why, scores, suggestions) and benefit swaps, allowed
 * or refused by the tier's swap table, recorded either way.
 */
@Service
public class BenefitViews {

    /** Actions a member can take, by the feature they raise, phrased for the member; {@code %d} is how many. */
    private static final Map<String, String> ACTIONS = Map.of(
            "wishlist_adds_90d", "Add %d item%s to your wish list",
            "reviews_90d", "Write %d product review%s",
            "purchases_30d", "Place %d more order%s this month",
            "email_clicks_30d", "Open %d offer%s from our member emails",
            "page_views_30d", "Browse %d more product page%s");
    private static final int MAX_STEP = 20;

    /** The outcome of a swap request. */
    public record Swap(boolean allowed, String reason, String source, List<BenefitAllocator.Given> benefits) {
    }

    /** One suggestion: what to do, which benefit it unlocks, and how many actions it takes. */
    public record Suggestion(String text, String benefitId, String feature, int actions, double scoreAfter) {
    }

    private final CurrentAllocations current;
    private final BenefitAllocator allocator;
    private final PropensityModels models;
    private final UserFeatures features;
    private final ActiveRuleSet rules;
    private final Clock clock;

    BenefitViews(CurrentAllocations current, BenefitAllocator allocator, PropensityModels models, UserFeatures features,
            ActiveRuleSet rules, Clock clock) {
        this.current = current;
        this.allocator = allocator;
        this.models = models;
        this.features = features;
        this.rules = rules;
        this.clock = clock;
    }

    public Map<String, Object> dashboard(String userId) {
        CurrentAllocations.Current now = current.find(userId).orElseThrow(() -> new NotFoundException(
                "allocation_not_found", "No benefits allocated to " + userId + " yet"));
        PropensityModels.Scored scored = models.scored(userId);
        BenefitAllocator.Offers offers = allocator.offers(userId, now.tier(), rules.current(),
                features.behaviour(userId, clock.instant()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user_id", userId);
        out.put("tier", now.tier());
        out.put("benefits", now.benefits());
        out.put("model_version", scored.modelVersion());
        out.put("scores", scored.scores());
        out.put("suggestions", suggestions(userId, now, offers));
        return out;
    }

    /**
     * The cheapest actions that lift a pool benefit the member lacks past the tier's threshold, found by asking
     * the model: for each action, how many more of it until the predicted score clears the threshold.
     */
    List<Suggestion> suggestions(String userId, CurrentAllocations.Current now, BenefitAllocator.Offers offers) {
        List<Suggestion> best = new ArrayList<>();
        java.util.Set<String> held = new java.util.HashSet<>();
        now.benefits().forEach(b -> held.add(b.benefitId()));
        java.util.Set<String> ineligible = new java.util.HashSet<>();
        offers.ineligible().forEach(i -> ineligible.add(i.getBenefitId()));
        double[] x = features.of(List.of(userId), clock.instant()).get(userId);
        PropensityModels.Scorer scorer = models.scorer();
        for (TierBenefit pool : offers.pool()) {
            String benefit = pool.getBenefitId();
            // Held, or already clearing the threshold (left out for want of a slot): no behaviour unlocks it.
            if (held.contains(benefit) || scorer.predict(benefit, x) >= pool.getThreshold()) {
                continue;
            }
            Suggestion cheapest = null;
            for (Map.Entry<String, String> action : ACTIONS.entrySet()) {
                int i = UserFeatures.NAMES.indexOf(action.getKey());
                double count = Math.expm1(x[i]);
                for (int k = 1; k <= MAX_STEP && (cheapest == null || k < cheapest.actions()); k++) {
                    double[] more = x.clone();
                    more[i] = Math.log1p(count + k);
                    double score = scorer.predict(benefit, more);
                    if (score >= pool.getThreshold()) {
                        String text = String.format(Locale.ROOT, action.getValue(), k, k == 1 ? "" : "s")
                                + " to unlock " + benefit.replace('_', ' ')
                                + (ineligible.contains(benefit) ? " (a purchase in the last 90 days is also needed)" : "");
                        cheapest = new Suggestion(text, benefit, action.getKey(), k, Math.round(score * 1000) / 1000.0);
                        break;
                    }
                }
            }
            if (cheapest != null) {
                best.add(cheapest);
            }
        }
        best.sort(Comparator.comparingInt(Suggestion::actions).thenComparing(Suggestion::benefitId));
        return best.size() > 3 ? List.copyOf(best.subList(0, 3)) : best;
    }

    /** Gives up one current benefit for another, if the tier's swap table allows it; recorded either way. */
    public Swap swap(String userId, String give, String take) {
        CurrentAllocations.Current now = current.find(userId).orElseThrow(() -> new NotFoundException(
                "allocation_not_found", "No benefits allocated to " + userId + " yet"));
        List<FieldProblem> problems = new ArrayList<>();
        if (now.benefits().stream().noneMatch(b -> b.benefitId().equals(give))) {
            problems.add(new FieldProblem("$.give", "not_held", "'" + give + "' is not one of the member's benefits"));
        }
        if (now.benefits().stream().anyMatch(b -> b.benefitId().equals(take))) {
            problems.add(new FieldProblem("$.take", "already_held", "the member already has '" + take + "'"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("invalid_request", "The swap cannot be asked for", problems);
        }
        RuleSet ruleSet = rules.current();
        BenefitAllocator.Offers offers = allocator.offers(userId, now.tier(), ruleSet, features.behaviour(userId, clock.instant()));
        SwapRule allowedBy = offers.swaps().stream()
                .filter(s -> s.getGive().equals(give) && take.equals(s.getTake())).findFirst().orElse(null);
        Ineligible no = offers.ineligible().stream().filter(i -> i.getBenefitId().equals(take)).findFirst().orElse(null);
        if (allowedBy == null || no != null) {
            String reason = no != null ? "'" + take + "' is not available: " + no.getReason()
                    : now.tier() + " does not allow trading '" + give + "' for '" + take + "'";
            String source = no != null ? BenefitAllocator.source(ruleSet, no.getRule())
                    : "decision-tables/benefit-swaps.drl.xlsx!Swaps";
            current.recordSwap(userId, give, take, false, reason);
            return new Swap(false, reason, source, now.benefits());
        }
        String source = BenefitAllocator.source(ruleSet, allowedBy.getRule());
        List<BenefitAllocator.Given> benefits = new ArrayList<>();
        for (BenefitAllocator.Given g : now.benefits()) {
            benefits.add(!g.benefitId().equals(give) ? g
                    : new BenefitAllocator.Given(take, "SWAP", null, "Swapped for " + give + " at the member's request", source));
        }
        current.put(userId, now.tier(), now.decisionId(), benefits);
        String reason = now.tier() + " allows trading '" + give + "' for '" + take + "'";
        current.recordSwap(userId, give, take, true, reason);
        return new Swap(true, reason, source, benefits);
    }
}
