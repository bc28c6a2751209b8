package com.subdecide.rotation;

import com.subdecide.rotation.RotationRequest.WatchItem;
import com.subdecide.rotation.domain.AccessTier;
import com.subdecide.rotation.domain.Carriage;
import com.subdecide.rotation.domain.WatchTitle;
import com.subdecide.rules.FiredRule;
import com.subdecide.rules.RuleRun;
import com.subdecide.rules.RuleSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Steps 1 and 2 of the decision: merge the watchlists, then let the valuation rules and tables purge,
 * weigh and rank every title and decide where it is watchable this cycle.
 */
public final class TitleValuation {

    /** The valued month: titles by id, watchable carriages, tiers by {@code platform/tier}, rules that fired. */
    public record Result(Map<String, WatchTitle> titles, List<Carriage> watchable, Map<String, AccessTier> tiers,
            List<FiredRule> firedRules) {
    }

    private TitleValuation() {
    }

    public static Result value(RotationRequest request, RuleSet ruleSet) {
        Map<String, WatchItem> items = mergeWatchlists(request.watchlist());
        Map<String, Carriage> carriages = carriages(request, items);
        Map<String, LocalDate> leaving = new HashMap<>();
        for (Carriage carriage : carriages.values()) {
            LocalDate date = carriage.getLeavingDate();
            if (date != null && !date.isBefore(request.asOf())) {
                leaving.merge(carriage.getTitleId(), date, (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        Map<String, WatchTitle> titles = new LinkedHashMap<>();
        for (WatchItem item : items.values()) {
            titles.put(item.titleId(), new WatchTitle(item.titleId(), item.name(), item.kind(), item.priority(),
                    item.status(), item.recScore().doubleValue(), request.asOf(), leaving.get(item.titleId())));
        }
        Map<String, AccessTier> tiers = new LinkedHashMap<>();
        for (RotationRequest.Platform platform : request.platforms()) {
            for (RotationRequest.Tier tier : platform.tiers()) {
                tiers.put(key(platform.platformId(), tier.tierId()),
                        new AccessTier(platform.platformId(), tier.tierId(), tier.level(), tier.monthlyCost()));
            }
        }
        try (RuleRun run = ruleSet.newRun()) {
            titles.values().forEach(run::insert);
            carriages.values().forEach(run::insert);
            tiers.values().forEach(run::insert);
            run.fireAll();
            List<Carriage> watchable = new ArrayList<>();
            for (Carriage carriage : carriages.values()) {
                if (carriage.isWatchable()) {
                    watchable.add(carriage);
                }
            }
            return new Result(titles, watchable, tiers, run.firedRules());
        }
    }

    static String key(String platformId, String tierId) {
        return platformId + "/" + tierId;
    }

    /** The same title on several lists is one title; it keeps its highest priority and rec score. */
    private static Map<String, WatchItem> mergeWatchlists(List<WatchItem> watchlist) {
        Map<String, WatchItem> merged = new LinkedHashMap<>();
        for (WatchItem item : watchlist) {
            merged.merge(item.titleId(), item, (a, b) -> {
                String priority = "MUST_WATCH".equals(a.priority()) || "MUST_WATCH".equals(b.priority())
                        ? "MUST_WATCH" : a.priority();
                List<String> lists = new ArrayList<>(a.lists());
                b.lists().stream().filter(l -> !lists.contains(l)).forEach(lists::add);
                return new WatchItem(a.titleId(), a.name() != null ? a.name() : b.name(), a.kind(), priority,
                        a.recScore().max(b.recScore()), a.status(), a.episodesWatched(), a.episodesTotal(), lists);
            });
        }
        return merged;
    }

    /** Where each watchlist title is carried: the catalog, plus any platform its lifecycle dates name. */
    private static Map<String, Carriage> carriages(RotationRequest request, Map<String, WatchItem> items) {
        Map<String, RotationRequest.LifecycleEntry> dates = new HashMap<>();
        for (RotationRequest.LifecycleEntry entry : request.contentLifecycle()) {
            dates.put(key(entry.platformId(), entry.titleId()), entry);
        }
        Map<String, Carriage> carriages = new LinkedHashMap<>();
        for (RotationRequest.CatalogEntry entry : request.catalog()) {
            if (items.containsKey(entry.titleId())) {
                for (String platformId : entry.platformIds()) {
                    add(carriages, request.asOf(), entry.titleId(), platformId, dates);
                }
            }
        }
        for (RotationRequest.LifecycleEntry entry : request.contentLifecycle()) {
            if (items.containsKey(entry.titleId())) {
                add(carriages, request.asOf(), entry.titleId(), entry.platformId(), dates);
            }
        }
        return carriages;
    }

    private static void add(Map<String, Carriage> carriages, LocalDate asOf, String titleId, String platformId,
            Map<String, RotationRequest.LifecycleEntry> dates) {
        String key = key(platformId, titleId);
        if (!carriages.containsKey(key)) {
            RotationRequest.LifecycleEntry entry = dates.get(key);
            carriages.put(key, new Carriage(titleId, platformId, asOf, entry == null ? null : entry.leavingDate(),
                    entry == null ? null : entry.premiereDate()));
        }
    }
}
