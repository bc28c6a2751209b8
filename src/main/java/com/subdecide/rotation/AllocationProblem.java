package com.subdecide.rotation;

import com.subdecide.rotation.domain.AccessTier;
import com.subdecide.rotation.domain.Carriage;
import com.subdecide.rotation.domain.Money;
import com.subdecide.rotation.domain.WatchTitle;
import com.subdecide.rotation.solver.AccessOption;
import com.subdecide.rotation.solver.Budget;
import com.subdecide.rotation.solver.BundleMember;
import com.subdecide.rotation.solver.CurrentTier;
import com.subdecide.rotation.solver.PlatformSlot;
import com.subdecide.rotation.solver.RotationSolution;
import com.subdecide.rotation.solver.TitleOnPlatform;
import com.subdecide.rotation.solver.TitleValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Step 3: the valued month as a planning problem. Every platform may choose nothing, one of its tiers (a tier
 * the user pays for now costs what they pay), or a bundle that includes it; titles carry the values the rules
 * gave them and tiers the quality the tier table gave them.
 */
public final class AllocationProblem {

    private AllocationProblem() {
    }

    public static RotationSolution build(RotationRequest request, TitleValuation.Result valued) {
        Map<String, RotationRequest.Subscription> current = new HashMap<>();
        request.activeSubscriptions().forEach(s -> current.put(s.platformId(), s));

        Map<String, List<AccessOption>> optionsByPlatform = new LinkedHashMap<>();
        List<AccessOption> options = new ArrayList<>();
        options.add(AccessOption.NONE);
        for (RotationRequest.Platform platform : request.platforms()) {
            List<AccessOption> own = new ArrayList<>();
            own.add(AccessOption.NONE);
            for (RotationRequest.Tier tier : platform.tiers()) {
                RotationRequest.Subscription paid = current.get(platform.platformId());
                long cents = paid != null && paid.tierId().equals(tier.tierId())
                        ? Money.cents(paid.monthlyCost()) : Money.cents(tier.monthlyCost());
                AccessTier rated = valued.tiers().get(TitleValuation.key(platform.platformId(), tier.tierId()));
                AccessOption option = AccessOption.tier(platform.platformId(), tier.tierId(), cents, rated.getQuality());
                own.add(option);
                options.add(option);
            }
            optionsByPlatform.put(platform.platformId(), own);
        }
        List<BundleMember> members = new ArrayList<>();
        for (RotationRequest.Bundle bundle : request.bundles()) {
            Map<String, Double> quality = new LinkedHashMap<>();
            for (RotationRequest.BundleItem item : bundle.includes()) {
                quality.put(item.platformId(),
                        valued.tiers().get(TitleValuation.key(item.platformId(), item.tierId())).getQuality());
                members.add(new BundleMember(bundle.bundleId(), item.platformId()));
            }
            AccessOption option = AccessOption.bundle(bundle.bundleId(), Money.cents(bundle.monthlyCost()), quality);
            options.add(option);
            quality.keySet().forEach(platformId -> optionsByPlatform.get(platformId).add(option));
        }

        Map<String, TitleValue> values = new HashMap<>();
        for (WatchTitle title : valued.titles().values()) {
            if (title.getValue() > 0) {
                values.put(title.getTitleId(),
                        new TitleValue(title.getTitleId(), title.getValue(), title.isUrgentOverride()));
            }
        }
        List<TitleOnPlatform> carried = new ArrayList<>();
        for (Carriage carriage : valued.watchable()) {
            TitleValue value = values.get(carriage.getTitleId());
            if (value != null) {
                carried.add(new TitleOnPlatform(value, carriage.getPlatformId()));
            }
        }
        List<PlatformSlot> slots = new ArrayList<>();
        optionsByPlatform.forEach((platformId, own) -> slots.add(new PlatformSlot(platformId, own)));
        List<CurrentTier> currentTiers = request.activeSubscriptions().stream()
                .map(s -> new CurrentTier(s.platformId(), s.tierId())).toList();
        return new RotationSolution(slots, options, carried, members, currentTiers,
                new Budget(Money.cents(request.budgetCap())));
    }
}
