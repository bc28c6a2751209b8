package com.subdecide.rotation;

import com.subdecide.rotation.domain.BudgetDrop;
import com.subdecide.rotation.domain.Carriage;
import com.subdecide.rotation.domain.ChosenAccess;
import com.subdecide.rotation.domain.PlanAction;
import com.subdecide.rotation.domain.WatchTitle;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Plain-language reasons for each action, from the titles each platform carries this cycle. */
final class Reasons {

    private final RotationRequest request;
    private final Map<String, List<WatchTitle>> titlesByPlatform = new HashMap<>();
    private final Map<String, LocalDate> leavingOn = new HashMap<>();
    private final Map<String, String> bundleOfPlatform = new HashMap<>();
    private final Map<String, BudgetDrop> droppedPlatforms = new HashMap<>();

    Reasons(RotationRequest request, TitleValuation.Result valued, List<ChosenAccess> kept, List<BudgetDrop> drops) {
        this.request = request;
        for (Carriage carriage : valued.watchable()) {
            WatchTitle title = valued.titles().get(carriage.getTitleId());
            if (title != null && title.getValue() > 0) {
                titlesByPlatform.computeIfAbsent(carriage.getPlatformId(), p -> new ArrayList<>()).add(title);
                if (carriage.getLeavingDate() != null && title.leavesWithinMonths(1)) {
                    leavingOn.put(carriage.getPlatformId() + "/" + title.getTitleId(), carriage.getLeavingDate());
                }
            }
        }
        for (ChosenAccess access : kept) {
            if (access.getBundleId() != null) {
                access.getPlatformIds().forEach(p -> bundleOfPlatform.put(p, access.getBundleId()));
            }
        }
        for (BudgetDrop drop : drops) {
            drop.getDropped().getPlatformIds().forEach(p -> droppedPlatforms.put(p, drop));
        }
    }

    String keep(PlanAction a) {
        return "Still worth its price: " + contents(a.getPlatformIds()) + "; renews on " + a.getDate();
    }

    String subscribe(PlanAction a) {
        if (a.getBundleId() != null) {
            return "Bundle of " + String.join(", ", a.getPlatformIds()) + " for " + a.getMonthlyCost()
                    + " a month: " + capitalised(contents(a.getPlatformIds()));
        }
        if (a.getFromTierId() != null) {
            return "Upgrade from " + a.getFromTierId() + " to " + a.getTierId() + " gives more of "
                    + contents(a.getPlatformIds());
        }
        return capitalised(contents(a.getPlatformIds()));
    }

    String downgrade(PlanAction a) {
        return "The " + a.getTierId() + " tier still gives " + contents(a.getPlatformIds()) + " for "
                + a.getCostReduction() + " less a month; it takes effect on " + a.getDate()
                + ", the next billing date";
    }

    String cancel(PlanAction a) {
        String why;
        String bundle = bundleOfPlatform.get(a.getPlatformId());
        if (bundle != null) {
            why = "Replaced by the " + bundle + " bundle";
        } else if (droppedPlatforms.containsKey(a.getPlatformId())) {
            why = "Dropped to keep the plan within the budget of " + request.budgetCap();
        } else if (!titlesByPlatform.containsKey(a.getPlatformId())) {
            why = "No title on your watchlist needs it this month";
        } else {
            why = "Within your budget of " + request.budgetCap() + " the plan gets more value elsewhere than from "
                    + contents(List.of(a.getPlatformId()));
        }
        return why + ". Cancel by " + a.getDate() + " to avoid the renewal; access lasts until " + a.getAccessUntil();
    }

    /** "contains 2 Must Watch titles (1 leaving on 2026-11-26) and 1 Nice to Watch title; 1 series in progress". */
    String contents(List<String> platformIds) {
        List<WatchTitle> titles = new ArrayList<>();
        LocalDate soonest = null;
        int leaving = 0;
        for (String platformId : platformIds) {
            for (WatchTitle title : titlesByPlatform.getOrDefault(platformId, List.of())) {
                if (titles.stream().noneMatch(t -> t.getTitleId().equals(title.getTitleId()))) {
                    titles.add(title);
                    LocalDate date = leavingOn.get(platformId + "/" + title.getTitleId());
                    if (date != null) {
                        leaving++;
                        soonest = soonest == null || date.isBefore(soonest) ? date : soonest;
                    }
                }
            }
        }
        if (titles.isEmpty()) {
            return "no title on your watchlist";
        }
        long must = titles.stream().filter(t -> "MUST_WATCH".equals(t.getPriority())).count();
        long nice = titles.size() - must;
        long series = titles.stream().filter(t -> "IN_PROGRESS".equals(t.getStatus())).count();
        List<String> parts = new ArrayList<>();
        if (must > 0) {
            parts.add(count(must, "Must Watch title"));
        }
        if (nice > 0) {
            parts.add(count(nice, "Nice to Watch title"));
        }
        StringBuilder text = new StringBuilder("contains ").append(String.join(" and ", parts));
        if (leaving > 0) {
            text.append(leaving == 1 ? ", 1 leaving on " : ", " + leaving + " leaving, the first on ").append(soonest);
        }
        if (series > 0) {
            text.append("; ").append(count(series, "title")).append(" in progress");
        }
        return text.toString();
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String capitalised(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
