package com.subdecide.rotation;

import com.fasterxml.jackson.databind.JsonNode;
import com.subdecide.rotation.RotationRequest.Bundle;
import com.subdecide.rotation.RotationRequest.BundleItem;
import com.subdecide.rotation.RotationRequest.CatalogEntry;
import com.subdecide.rotation.RotationRequest.LifecycleEntry;
import com.subdecide.rotation.RotationRequest.Platform;
import com.subdecide.rotation.RotationRequest.Subscription;
import com.subdecide.rotation.RotationRequest.Tier;
import com.subdecide.rotation.RotationRequest.WatchItem;
import com.subdecide.system.JsonRequestReader;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a rotation-plan body into a {@link RotationRequest}, applying the contract's defaults, or fails with
 * every offending field named by its JSON path.
 */
public final class RotationRequestReader {

    static final Set<String> PRIORITIES = Set.of("MUST_WATCH", "NICE_TO_WATCH");
    static final Set<String> STATUSES = Set.of("WANT", "IN_PROGRESS", "COMPLETED", "HIBERNATING");
    static final Set<String> LEVELS = Set.of("AD_SUPPORTED", "STANDARD", "PREMIUM");
    static final Set<String> KINDS = Set.of("MOVIE", "SERIES");

    private static final BigDecimal MAX_MONEY = new BigDecimal("100000");
    private static final int MAX_ID = 200;

    private final JsonRequestReader in = new JsonRequestReader();
    private final Clock clock;

    public RotationRequestReader(Clock clock) {
        this.clock = clock;
    }

    public RotationRequest read(JsonNode body) {
        String userId = in.string(body, "$", "user_id", true, MAX_ID);
        LocalDate asOf = body.hasNonNull("as_of") ? in.date(body, "$", "as_of", true) : LocalDate.now(clock);
        BigDecimal budget = in.money(body, "$", "budget_cap", true, MAX_MONEY);
        String currency = currency(body);

        List<Platform> platforms = platforms(in.array(body, "$", "platforms", true, 500));
        Map<String, Map<String, Tier>> tiers = new HashMap<>();
        for (Platform platform : platforms) {
            Map<String, Tier> byId = new HashMap<>();
            platform.tiers().forEach(tier -> byId.put(tier.tierId(), tier));
            tiers.putIfAbsent(platform.platformId(), byId);
        }
        List<WatchItem> watchlist = watchlist(in.array(body, "$", "watchlist", false, 10_000));
        List<Subscription> subscriptions = subscriptions(in.array(body, "$", "active_subscriptions", false, 500), tiers);
        List<Bundle> bundles = bundles(in.array(body, "$", "bundles", false, 200), tiers);
        List<CatalogEntry> catalog = catalog(in.array(body, "$", "catalog", true, 50_000), tiers);
        List<LifecycleEntry> lifecycle = lifecycle(in.array(body, "$", "content_lifecycle", false, 50_000), tiers);
        in.throwIfProblems();
        return new RotationRequest(userId, asOf, budget, currency, watchlist, subscriptions, platforms, bundles,
                catalog, lifecycle);
    }

    private String currency(JsonNode body) {
        if (!body.hasNonNull("currency")) {
            return "USD";
        }
        String code = in.string(body, "$", "currency", true, 3);
        if (code == null) {
            return null;
        }
        try {
            if (code.equals(code.toUpperCase()) && Currency.getInstance(code) != null) {
                return code;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        in.problem("$.currency", "invalid_currency", "'currency' must be an ISO 4217 code such as USD");
        return null;
    }

    private List<Platform> platforms(List<JsonNode> nodes) {
        List<Platform> platforms = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            String at = "$.platforms[" + i + "]";
            JsonNode node = nodes.get(i);
            if (!in.isObject(node, at)) {
                continue;
            }
            String id = in.string(node, at, "platform_id", true, MAX_ID);
            if (id != null && !ids.add(id)) {
                in.problem(at + ".platform_id", "duplicate_id", "platform '" + id + "' is listed twice");
            }
            String name = in.string(node, at, "name", false, 500);
            List<Tier> tiers = new ArrayList<>();
            Set<String> tierIds = new HashSet<>();
            List<JsonNode> tierNodes = in.array(node, at, "tiers", false, 20);
            for (int k = 0; k < tierNodes.size(); k++) {
                String tat = at + ".tiers[" + k + "]";
                JsonNode tier = tierNodes.get(k);
                if (!in.isObject(tier, tat)) {
                    continue;
                }
                String tierId = in.string(tier, tat, "tier_id", true, MAX_ID);
                if (tierId != null && !tierIds.add(tierId)) {
                    in.problem(tat + ".tier_id", "duplicate_id", "tier '" + tierId + "' is listed twice");
                }
                String level = in.choice(tier, tat, "level", LEVELS, null);
                BigDecimal cost = in.money(tier, tat, "monthly_cost", true, MAX_MONEY);
                tiers.add(new Tier(tierId, level, cost));
            }
            platforms.add(new Platform(id, name, tiers));
        }
        return platforms;
    }

    private List<WatchItem> watchlist(List<JsonNode> nodes) {
        List<WatchItem> items = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            String at = "$.watchlist[" + i + "]";
            JsonNode node = nodes.get(i);
            if (!in.isObject(node, at)) {
                continue;
            }
            String titleId = in.string(node, at, "title_id", true, MAX_ID);
            String name = in.string(node, at, "name", false, 500);
            String kind = in.choice(node, at, "kind", KINDS, "MOVIE");
            String priority = in.choice(node, at, "priority", PRIORITIES, "NICE_TO_WATCH");
            BigDecimal recScore = in.number(node, at, "rec_score", BigDecimal.ZERO, BigDecimal.ONE, BigDecimal.ONE);
            String status = in.choice(node, at, "status", STATUSES, "WANT");
            Integer watched = in.count(node, at, "episodes_watched", 100_000);
            Integer total = in.count(node, at, "episodes_total", 100_000);
            if (watched != null && total != null && watched > total) {
                in.problem(at + ".episodes_watched", "out_of_range", "'episodes_watched' exceeds 'episodes_total'");
            }
            List<String> lists = in.strings(node, at, "lists", 100, MAX_ID, List.of("own"));
            items.add(new WatchItem(titleId, name, kind, priority, recScore, status, watched, total, lists));
        }
        return items;
    }

    private List<Subscription> subscriptions(List<JsonNode> nodes, Map<String, Map<String, Tier>> tiers) {
        List<Subscription> subscriptions = new ArrayList<>();
        Set<String> platforms = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            String at = "$.active_subscriptions[" + i + "]";
            JsonNode node = nodes.get(i);
            if (!in.isObject(node, at)) {
                continue;
            }
            String platformId = in.string(node, at, "platform_id", true, MAX_ID);
            String tierId = in.string(node, at, "tier_id", true, MAX_ID);
            checkTier(at, platformId, tierId, tiers);
            if (platformId != null && !platforms.add(platformId)) {
                in.problem(at + ".platform_id", "duplicate_id",
                        "platform '" + platformId + "' has two active subscriptions; a platform has one tier at a time");
            }
            BigDecimal cost = in.money(node, at, "monthly_cost", true, MAX_MONEY);
            LocalDate nextBilling = in.date(node, at, "next_billing_date", true);
            String via = in.string(node, at, "via", false, MAX_ID);
            subscriptions.add(new Subscription(platformId, tierId, cost, nextBilling, via));
        }
        return subscriptions;
    }

    private List<Bundle> bundles(List<JsonNode> nodes, Map<String, Map<String, Tier>> tiers) {
        List<Bundle> bundles = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            String at = "$.bundles[" + i + "]";
            JsonNode node = nodes.get(i);
            if (!in.isObject(node, at)) {
                continue;
            }
            String id = in.string(node, at, "bundle_id", true, MAX_ID);
            if (id != null && !ids.add(id)) {
                in.problem(at + ".bundle_id", "duplicate_id", "bundle '" + id + "' is listed twice");
            }
            String name = in.string(node, at, "name", false, 500);
            BigDecimal cost = in.money(node, at, "monthly_cost", true, MAX_MONEY);
            List<JsonNode> includeNodes = in.array(node, at, "includes", true, 50);
            if (includeNodes.isEmpty() && node.has("includes") && node.get("includes").isArray()) {
                in.problem(at + ".includes", "empty", "a bundle must include at least one platform");
            }
            List<BundleItem> includes = new ArrayList<>();
            Set<String> members = new HashSet<>();
            for (int k = 0; k < includeNodes.size(); k++) {
                String iat = at + ".includes[" + k + "]";
                JsonNode include = includeNodes.get(k);
                if (!in.isObject(include, iat)) {
                    continue;
                }
                String platformId = in.string(include, iat, "platform_id", true, MAX_ID);
                String tierId = in.string(include, iat, "tier_id", true, MAX_ID);
                checkTier(iat, platformId, tierId, tiers);
                if (platformId != null && !members.add(platformId)) {
                    in.problem(iat + ".platform_id", "duplicate_id",
                            "platform '" + platformId + "' is included twice in one bundle");
                }
                includes.add(new BundleItem(platformId, tierId));
            }
            bundles.add(new Bundle(id, name, cost, includes));
        }
        return bundles;
    }

    private List<CatalogEntry> catalog(List<JsonNode> nodes, Map<String, Map<String, Tier>> tiers) {
        List<CatalogEntry> catalog = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            String at = "$.catalog[" + i + "]";
            JsonNode node = nodes.get(i);
            if (!in.isObject(node, at)) {
                continue;
            }
            String titleId = in.string(node, at, "title_id", true, MAX_ID);
            if (titleId != null && !ids.add(titleId)) {
                in.problem(at + ".title_id", "duplicate_id", "title '" + titleId + "' is listed twice in the catalog");
            }
            if (!node.hasNonNull("platform_ids")) {
                in.problem(at + ".platform_ids", "required", "'platform_ids' is required");
            }
            List<String> platformIds = in.strings(node, at, "platform_ids", 500, MAX_ID, List.of());
            for (int k = 0; k < platformIds.size(); k++) {
                if (!tiers.containsKey(platformIds.get(k))) {
                    in.problem(at + ".platform_ids[" + k + "]", "unknown_platform",
                            "platform '" + platformIds.get(k) + "' is not in 'platforms'");
                }
            }
            if (new HashSet<>(platformIds).size() != platformIds.size()) {
                in.problem(at + ".platform_ids", "duplicate_id", "a platform is listed twice");
            }
            catalog.add(new CatalogEntry(titleId, platformIds));
        }
        return catalog;
    }

    private List<LifecycleEntry> lifecycle(List<JsonNode> nodes, Map<String, Map<String, Tier>> tiers) {
        List<LifecycleEntry> entries = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            String at = "$.content_lifecycle[" + i + "]";
            JsonNode node = nodes.get(i);
            if (!in.isObject(node, at)) {
                continue;
            }
            String titleId = in.string(node, at, "title_id", true, MAX_ID);
            String platformId = in.string(node, at, "platform_id", true, MAX_ID);
            if (platformId != null && !tiers.containsKey(platformId)) {
                in.problem(at + ".platform_id", "unknown_platform", "platform '" + platformId + "' is not in 'platforms'");
            }
            if (titleId != null && platformId != null && !keys.add(titleId + "\u0000" + platformId)) {
                in.problem(at, "duplicate_id", "title '" + titleId + "' on '" + platformId + "' is listed twice");
            }
            LocalDate leaving = in.date(node, at, "leaving_date", false);
            LocalDate premiere = in.date(node, at, "premiere_date", false);
            if (!node.hasNonNull("leaving_date") && !node.hasNonNull("premiere_date")) {
                in.problem(at, "required", "an entry needs 'leaving_date' or 'premiere_date'");
            }
            entries.add(new LifecycleEntry(titleId, platformId, leaving, premiere));
        }
        return entries;
    }

    private void checkTier(String at, String platformId, String tierId, Map<String, Map<String, Tier>> tiers) {
        if (platformId == null) {
            return;
        }
        Map<String, Tier> platformTiers = tiers.get(platformId);
        if (platformTiers == null) {
            in.problem(at + ".platform_id", "unknown_platform", "platform '" + platformId + "' is not in 'platforms'");
        } else if (tierId != null && !platformTiers.containsKey(tierId)) {
            in.problem(at + ".tier_id", "unknown_tier", "platform '" + platformId + "' has no tier '" + tierId + "'");
        }
    }
}
