package com.subdecide.rotation;

import com.subdecide.rotation.RotationPlan.ActionPlan;
import com.subdecide.rotation.RotationPlan.Cancel;
import com.subdecide.rotation.RotationPlan.Downgrade;
import com.subdecide.rotation.RotationPlan.Keep;
import com.subdecide.rotation.RotationPlan.Subscribe;
import com.subdecide.rotation.domain.BudgetDrop;
import com.subdecide.rotation.domain.ChosenAccess;
import com.subdecide.rotation.domain.CurrentSubscription;
import com.subdecide.rotation.domain.Money;
import com.subdecide.rotation.domain.PlanAction;
import com.subdecide.rotation.domain.PlanContext;
import com.subdecide.rotation.solver.AccessOption;
import com.subdecide.rotation.solver.PlatformSlot;
import com.subdecide.rotation.solver.RotationSolution;
import com.subdecide.rotation.solver.TitleOnPlatform;
import com.subdecide.rules.FiredRule;
import com.subdecide.rules.RuleRun;
import com.subdecide.rules.RuleSet;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Steps 4 and 5: hands the chosen access and the current subscriptions to the guardrail rules, which derive
 * keep, subscribe, downgrade and cancel with their dates; each action then gets its plain-language reason.
 */
final class ActionPlanWriter {

    /** The action plan, what it costs, what the guardrails dropped, and the rules that fired. */
    record Result(ActionPlan plan, BigDecimal totalMonthlyCost, List<ChosenAccess> kept, List<BudgetDrop> drops,
            List<PlanAction> actions, List<FiredRule> firedRules) {
    }

    private ActionPlanWriter() {
    }

    static Result write(RotationRequest request, RotationSolution solution, TitleValuation.Result valued,
            RuleSet ruleSet) {
        List<ChosenAccess> chosen = chosenAccess(request, solution);
        try (RuleRun run = ruleSet.newRun()) {
            run.insert(new PlanContext(request.asOf(), Money.cents(request.budgetCap())));
            for (RotationRequest.Subscription s : request.activeSubscriptions()) {
                run.insert(new CurrentSubscription(s.platformId(), s.tierId(), s.monthlyCost(), s.nextBillingDate(),
                        s.via()));
            }
            chosen.forEach(run::insert);
            run.fireAll();
            List<ChosenAccess> kept = run.facts(ChosenAccess.class);
            List<BudgetDrop> drops = run.facts(BudgetDrop.class);
            List<PlanAction> actions = new ArrayList<>(run.facts(PlanAction.class));
            actions.sort(Comparator.comparing((PlanAction a) -> a.getType())
                    .thenComparing(a -> a.getBundleId() != null ? a.getBundleId() : a.getPlatformId()));
            long total = kept.stream().mapToLong(ChosenAccess::getCostCents).sum();
            Reasons reasons = new Reasons(request, valued, kept, drops);
            return new Result(plan(actions, reasons), Money.ofCents(total), kept, drops, actions, run.firedRules());
        }
    }

    private static ActionPlan plan(List<PlanAction> actions, Reasons reasons) {
        List<Keep> keep = new ArrayList<>();
        List<Subscribe> subscribe = new ArrayList<>();
        List<Downgrade> downgrade = new ArrayList<>();
        List<Cancel> cancel = new ArrayList<>();
        for (PlanAction a : actions) {
            switch (a.getType()) {
                case KEEP -> keep.add(new Keep(a.getPlatformId(), a.getTierId(), a.getMonthlyCost(), a.getDate(),
                        reasons.keep(a)));
                case SUBSCRIBE -> subscribe.add(new Subscribe(a.getBundleId() == null ? a.getPlatformId() : null,
                        a.getTierId(), a.getFromTierId(), a.getBundleId(),
                        a.getBundleId() == null ? null : a.getPlatformIds(), a.getMonthlyCost(), reasons.subscribe(a)));
                case DOWNGRADE -> downgrade.add(new Downgrade(a.getPlatformId(), a.getFromTierId(), a.getTierId(),
                        a.getCostReduction(), a.getDate(), reasons.downgrade(a)));
                case CANCEL -> cancel.add(new Cancel(a.getPlatformId(), a.getTierId(), a.getDate(), a.getAccessUntil(),
                        a.getMonthlyCost(), reasons.cancel(a)));
            }
        }
        return new ActionPlan(keep, subscribe, downgrade, cancel);
    }

    /**
     * The distinct options the plan pays for, each with the covered value the plan would lose without it
     * (what the strict-budget guardrail drops by).
     */
    static List<ChosenAccess> chosenAccess(RotationRequest request, RotationSolution solution) {
        Map<String, BigDecimal> tierPrice = new HashMap<>();
        request.platforms().forEach(p -> p.tiers().forEach(t ->
                tierPrice.put(TitleValuation.key(p.platformId(), t.tierId()), t.monthlyCost())));
        request.activeSubscriptions().forEach(s ->
                tierPrice.put(TitleValuation.key(s.platformId(), s.tierId()), s.monthlyCost()));
        Map<String, BigDecimal> bundlePrice = new HashMap<>();
        request.bundles().forEach(b -> bundlePrice.put(b.bundleId(), b.monthlyCost()));

        Set<AccessOption> paid = new LinkedHashSet<>();
        Map<String, AccessOption> byPlatform = new HashMap<>();
        for (PlatformSlot slot : solution.getSlots()) {
            byPlatform.put(slot.getPlatformId(), slot.getOption());
            if (slot.getOption() != null && slot.getOption().isPaid()) {
                paid.add(slot.getOption());
            }
        }
        long all = coveredValue(solution, byPlatform, null);
        List<ChosenAccess> chosen = new ArrayList<>();
        for (AccessOption option : paid) {
            double loss = (all - coveredValue(solution, byPlatform, option)) / 10_000.0;
            if (option.isBundle()) {
                chosen.add(ChosenAccess.bundle(option.getBundleId(),
                        List.copyOf(option.getQualityByPlatform().keySet()), bundlePrice.get(option.getBundleId()),
                        loss));
            } else {
                chosen.add(ChosenAccess.tier(option.getPlatformId(), option.getTierId(),
                        tierPrice.get(TitleValuation.key(option.getPlatformId(), option.getTierId())), loss));
            }
        }
        return chosen;
    }

    private static long coveredValue(RotationSolution solution, Map<String, AccessOption> byPlatform,
            AccessOption without) {
        Map<Object, Long> best = new HashMap<>();
        for (TitleOnPlatform carried : solution.getTitlesOnPlatforms()) {
            AccessOption option = byPlatform.get(carried.platformId());
            if (option != null && option.isPaid() && option != without) {
                best.merge(carried.title(), carried.title().contribution(option.qualityAt(carried.platformId())),
                        Math::max);
            }
        }
        return best.values().stream().mapToLong(Long::longValue).sum();
    }
}
