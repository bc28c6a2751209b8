package com.subdecide.rotation;

import com.subdecide.rotation.RotationPlan.Subscribe;
import com.subdecide.rotation.RotationRequest.Subscription;
import com.subdecide.rotation.RotationRequest.WatchItem;
import com.subdecide.rules.RuleSet;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * What-if over a year: from one user's month (watchlist, subscriptions, the platforms and a content calendar
 * of leaving and premiere dates), decide month by month what the service would, assume the user follows the
 * plan and watches the first titles it suggests, and count what they pay and save against the baseline
 * portfolio. Nothing is logged.
 *
 * <p>Each month: the plan is decided on the user's state at the start of the month; kept, subscribed and
 * downgraded services are what the user pays for that cycle (a bundle's price is shared evenly among its
 * platforms); cancelled ones are not paid; the first {@code titlesPerMonth} suggested titles on paid platforms
 * are watched (completed) by the next month. A service the plan subscribed to and the next month's plan kept
 * joins the baseline.
 */
@Service
public class YearSimulation {

    private final RotationPlanner planner;

    public YearSimulation(RotationPlanner planner) {
        this.planner = planner;
    }

    /**
     * @param baseline        platform ids seeded at onboarding; {@code null}: the current subscriptions
     * @param months          how many months to simulate (1 to 24)
     * @param titlesPerMonth  suggested titles the user watches each month
     */
    public record Input(RotationRequest month, List<String> baseline, int months, int titlesPerMonth) {
    }

    /** One simulated month. */
    public record Month(YearMonth month, LocalDate asOf, BigDecimal paid, BigDecimal baselineCost, BigDecimal saved,
            BigDecimal savedSoFar, List<String> keep, List<String> subscribe, List<String> downgrade,
            List<String> cancel, List<String> watched, List<String> joinedBaseline, List<SavingsLedger.Entry> savings) {
    }

    /** Series ready for a chart, one value per month. */
    public record Chart(List<String> months, List<BigDecimal> paid, List<BigDecimal> baselineCost,
            List<BigDecimal> savedSoFar) {
    }

    public record Result(String userId, String rulesetVersion, List<Month> months, BigDecimal totalPaid,
            BigDecimal totalBaselineCost, BigDecimal totalSaved, List<String> sentences, Chart chart) {
    }

    public Result simulate(Input input, RuleSet ruleSet) {
        RotationRequest start = input.month();
        Map<String, String> names = new HashMap<>();
        Map<String, RotationRequest.Tier> tiers = new HashMap<>();
        start.platforms().forEach(p -> {
            names.put(p.platformId(), p.name() == null ? p.platformId() : p.name());
            p.tiers().forEach(t -> tiers.put(p.platformId() + "/" + t.tierId(), t));
        });
        Map<String, Subscription> subscriptions = new LinkedHashMap<>();
        start.activeSubscriptions().forEach(s -> subscriptions.put(s.platformId(), s));
        Map<String, SavingsLedger.BaselineService> baseline = new LinkedHashMap<>();
        YearMonth first = YearMonth.from(start.asOf());
        List<String> seeded = input.baseline() != null ? input.baseline()
                : start.activeSubscriptions().stream().map(Subscription::platformId).toList();
        for (String platform : seeded) {
            Subscription current = subscriptions.get(platform);
            BigDecimal cost = current != null ? current.monthlyCost() : onboardingPrice(start, platform);
            String tier = current != null ? current.tierId() : null;
            if (cost != null) {
                baseline.put(platform, new SavingsLedger.BaselineService(platform, tier, cost, first, "ONBOARDING"));
            }
        }
        List<WatchItem> watchlist = new ArrayList<>(start.watchlist());
        Map<String, YearMonth> subscribedIn = new HashMap<>();
        List<Month> months = new ArrayList<>();
        List<SavingsLedger.Entry> ledger = new ArrayList<>();
        BigDecimal totalPaid = BigDecimal.ZERO;
        BigDecimal totalBaseline = BigDecimal.ZERO;

        for (int m = 0; m < input.months(); m++) {
            LocalDate asOf = start.asOf().plusMonths(m);
            YearMonth month = YearMonth.from(asOf);
            RotationRequest request = new RotationRequest(start.userId(), asOf, start.budgetCap(), start.currency(),
                    List.copyOf(watchlist), rolled(subscriptions.values(), asOf), start.platforms(), start.bundles(),
                    start.catalog(), start.contentLifecycle());
            UUID id = UUID.nameUUIDFromBytes((start.userId() + "/" + month).getBytes(StandardCharsets.UTF_8));
            RotationPlan plan = planner.plan(request, ruleSet, id).plan();

            Map<String, SavingsLedger.Paid> paid = new LinkedHashMap<>();
            Map<String, Subscription> next = new LinkedHashMap<>();
            LocalDate renewal = asOf.plusMonths(1);
            List<String> keep = new ArrayList<>();
            List<String> subscribe = new ArrayList<>();
            List<String> downgrade = new ArrayList<>();
            List<String> cancel = new ArrayList<>();
            for (RotationPlan.Keep k : plan.actionPlan().keep()) {
                paid.put(k.platformId(), new SavingsLedger.Paid(k.platformId(), k.tierId(), k.monthlyCost()));
                next.put(k.platformId(), subscriptions.get(k.platformId()));
                keep.add(k.platformId());
            }
            for (RotationPlan.Downgrade d : plan.actionPlan().downgrade()) {
                BigDecimal cost = subscriptions.get(d.platformId()).monthlyCost().subtract(d.costReduction());
                paid.put(d.platformId(), new SavingsLedger.Paid(d.platformId(), d.toTierId(), cost));
                next.put(d.platformId(), new Subscription(d.platformId(), d.toTierId(), cost, d.effectiveDate(), null));
                downgrade.add(d.platformId());
            }
            for (Subscribe s : plan.actionPlan().subscribe()) {
                if (s.bundleId() != null) {
                    BigDecimal share = s.monthlyCost().divide(BigDecimal.valueOf(s.platformIds().size()), 2, RoundingMode.HALF_UP);
                    for (String platform : s.platformIds()) {
                        String tier = bundleTier(start, s.bundleId(), platform);
                        paid.put(platform, new SavingsLedger.Paid(platform, tier, share));
                        next.put(platform, new Subscription(platform, tier, share, renewal, "bundle:" + s.bundleId()));
                        subscribedIn.putIfAbsent(platform, month);
                        subscribe.add(platform);
                    }
                } else {
                    paid.put(s.platformId(), new SavingsLedger.Paid(s.platformId(), s.tierId(), s.monthlyCost()));
                    next.put(s.platformId(), new Subscription(s.platformId(), s.tierId(), s.monthlyCost(), renewal, null));
                    subscribedIn.put(s.platformId(), month);
                    subscribe.add(s.platformId());
                }
            }
            plan.actionPlan().cancel().forEach(c -> {
                cancel.add(c.platformId());
                subscribedIn.remove(c.platformId());
            });

            // A service the plan subscribed to last month and kept this month joins the baseline.
            List<String> joined = new ArrayList<>();
            for (String platform : keep) {
                if (!baseline.containsKey(platform) && month.minusMonths(1).equals(subscribedIn.get(platform))) {
                    SavingsLedger.Paid now = paid.get(platform);
                    baseline.put(platform, new SavingsLedger.BaselineService(platform, now.tierId(), now.monthlyCost(),
                            month, "KEPT_RECOMMENDATION"));
                    joined.add(platform);
                }
            }

            List<SavingsLedger.Entry> entries = SavingsLedger.entriesFor(month, baseline.values(), paid);
            ledger.addAll(entries);
            BigDecimal saved = entries.stream().map(SavingsLedger.Entry::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal baselineCost = baseline.values().stream().filter(b -> !b.since().isAfter(month))
                    .map(SavingsLedger.BaselineService::monthlyCost).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal paidTotal = plan.totalMonthlyCost();
            totalPaid = totalPaid.add(paidTotal);
            totalBaseline = totalBaseline.add(baselineCost);

            List<String> watched = watch(watchlist, plan, paid.keySet(), input.titlesPerMonth());
            months.add(new Month(month, asOf, paidTotal, baselineCost, saved, SavingsLedger.yearlyTotal(ledger, month),
                    keep, subscribe, downgrade, cancel, watched, joined, entries));
            subscriptions.clear();
            subscriptions.putAll(next);
        }
        YearMonth last = months.isEmpty() ? first : months.get(months.size() - 1).month();
        BigDecimal totalSaved = ledger.stream().map(SavingsLedger.Entry::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        Chart chart = new Chart(months.stream().map(m -> m.month().toString()).toList(),
                months.stream().map(Month::paid).toList(), months.stream().map(Month::baselineCost).toList(),
                months.stream().map(Month::savedSoFar).toList());
        return new Result(start.userId(), ruleSet.version(), months, totalPaid, totalBaseline, totalSaved,
                SavingsLedger.sentences(ledger, last, names, start.currency()), chart);
    }

    /** Marks the first suggested titles on paid platforms as completed; returns their ids. */
    private static List<String> watch(List<WatchItem> watchlist, RotationPlan plan, Set<String> paidPlatforms, int limit) {
        Set<String> done = new HashSet<>();
        for (RotationPlan.WatchNext next : plan.watchNext()) {
            if (done.size() >= limit) {
                break;
            }
            if (paidPlatforms.contains(next.platformId())) {
                done.add(next.titleId());
            }
        }
        for (int i = 0; i < watchlist.size(); i++) {
            WatchItem item = watchlist.get(i);
            if (done.contains(item.titleId())) {
                watchlist.set(i, new WatchItem(item.titleId(), item.name(), item.kind(), item.priority(), item.recScore(),
                        "COMPLETED", item.episodesTotal(), item.episodesTotal(), item.lists()));
            }
        }
        return List.copyOf(done);
    }

    /** Subscriptions with their next billing date moved into the coming cycle, keeping the billing day. */
    private static List<Subscription> rolled(java.util.Collection<Subscription> subscriptions, LocalDate asOf) {
        List<Subscription> rolled = new ArrayList<>();
        for (Subscription s : subscriptions) {
            LocalDate billing = s.nextBillingDate() == null ? asOf.plusMonths(1) : s.nextBillingDate();
            while (!billing.isAfter(asOf)) {
                billing = billing.plusMonths(1);
            }
            rolled.add(new Subscription(s.platformId(), s.tierId(), s.monthlyCost(), billing, s.via()));
        }
        return rolled;
    }

    /** A service chosen at onboarding but not paid for now counts at its standard tier's price (else its dearest). */
    private static BigDecimal onboardingPrice(RotationRequest request, String platform) {
        List<RotationRequest.Tier> offered = request.platforms().stream().filter(p -> p.platformId().equals(platform))
                .flatMap(p -> p.tiers().stream()).toList();
        return offered.stream().filter(t -> "STANDARD".equals(t.level())).map(RotationRequest.Tier::monthlyCost).findFirst()
                .orElse(offered.stream().map(RotationRequest.Tier::monthlyCost).max(BigDecimal::compareTo).orElse(null));
    }

    private static String bundleTier(RotationRequest request, String bundleId, String platform) {
        return request.bundles().stream().filter(b -> b.bundleId().equals(bundleId))
                .flatMap(b -> b.includes().stream()).filter(i -> i.platformId().equals(platform))
                .map(RotationRequest.BundleItem::tierId).findFirst().orElse(null);
    }
}
