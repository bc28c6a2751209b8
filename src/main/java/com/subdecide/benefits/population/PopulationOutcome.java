package com.subdecide.benefits.population;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * What a solved population comes to: every member's benefits (core, the pool benefits the search chose, then
 * defaults while slots and capacities last), each capacity's use, and every member who lost a benefit to a
 * capacity, with why.
 */
public final class PopulationOutcome {

    /** One benefit a member gets, and why; {@code score} and {@code worth} (score × value) for pool benefits. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Given(String benefitId, String kind, Double score, Double worth, String reason, String source) {
    }

    /** One member's allocation. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MemberAllocation(String userId, String tier, List<Given> benefits, List<Lost> lost) {
    }

    /** A benefit the member would have had without the capacities, and why they did not get it. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Lost(String userId, String tier, String benefitId, String reason, Double worth, List<String> instead) {
    }

    /** One capacity's use; {@code price} is the relaxation's value of one more member (or unit of value). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CapacityUse(String benefitId, Long maxUsers, long usedUsers, BigDecimal maxTotalValue,
            BigDecimal usedValue, boolean full, long membersLost, Double price) {
    }

    private final List<MemberAllocation> members;
    private final List<CapacityUse> capacities;
    private final Map<String, Integer> lostByBenefit;
    private final long lostTotal;

    private PopulationOutcome(List<MemberAllocation> members, List<CapacityUse> capacities,
            Map<String, Integer> lostByBenefit, long lostTotal) {
        this.members = members;
        this.capacities = capacities;
        this.lostByBenefit = lostByBenefit;
        this.lostTotal = lostTotal;
    }

    public List<MemberAllocation> members() {
        return members;
    }

    public List<CapacityUse> capacities() {
        return capacities;
    }

    public long lostTotal() {
        return lostTotal;
    }

    public Map<String, Integer> lostByBenefit() {
        return lostByBenefit;
    }

    /**
     * @param source turns a rule name into the table row or DRL line behind it
     */
    public static PopulationOutcome of(PopulationProblem problem, PopulationSolver.Solved solved, UnaryOperator<String> source) {
        Map<String, PopulationProblem.Capacity> caps = new LinkedHashMap<>();
        problem.capacities().forEach(c -> caps.put(c.benefitId(), c));
        Map<String, long[]> used = new LinkedHashMap<>();
        caps.keySet().forEach(b -> used.put(b, new long[2]));
        Map<String, Long> lowestWorth = new LinkedHashMap<>();
        List<Member> all = problem.members();
        int[][] choice = solved.choice();
        for (Member m : all) {
            for (int i : choice[m.getIndex()]) {
                String b = m.getOptions().get(i).getId();
                long[] u = used.get(b);
                if (u != null) {
                    u[0]++;
                    u[1] += m.valueCents(i);
                    lowestWorth.merge(b, m.profit(i), Math::min);
                }
            }
        }
        // Defaults fill the free slots left, in the tier's order, while their capacities last (members in order).
        List<List<String>> defaultsGiven = new ArrayList<>();
        List<List<Lost>> defaultsLost = new ArrayList<>();
        for (Member m : all) {
            PopulationProblem.Extras extras = problem.extras(m.getIndex());
            Set<String> held = new LinkedHashSet<>(extras.core());
            for (int i : choice[m.getIndex()]) {
                held.add(m.getOptions().get(i).getId());
            }
            int free = m.getFreeSlots() - choice[m.getIndex()].length;
            List<String> given = new ArrayList<>();
            List<Lost> lost = new ArrayList<>();
            for (String d : extras.defaults()) {
                if (free <= 0) {
                    break;
                }
                if (held.contains(d) || held.stream().anyMatch(h -> extras.excludes(h, d))) {
                    continue;
                }
                PopulationProblem.Capacity cap = caps.get(d);
                if (cap != null && cap.maxUsers() != null && used.get(d)[0] >= cap.maxUsers()) {
                    lost.add(new Lost(m.getUserId(), m.getTier(), d, String.format(Locale.ROOT,
                            "%s is limited to %d members and its places were taken before this default slot was filled",
                            d, cap.maxUsers()), null, null));
                    continue;
                }
                if (cap != null) {
                    used.get(d)[0]++;
                }
                held.add(d);
                given.add(d);
                free--;
            }
            defaultsGiven.add(given);
            defaultsLost.add(lost);
        }
        Map<String, Integer> lostByBenefit = new LinkedHashMap<>();
        caps.keySet().forEach(b -> lostByBenefit.put(b, 0));
        List<MemberAllocation> members = new ArrayList<>(all.size());
        long lostTotal = 0;
        double[] unconstrainedWorth = new double[64];
        for (Member m : all) {
            PopulationProblem.Extras extras = problem.extras(m.getIndex());
            List<Given> benefits = new ArrayList<>();
            extras.core().forEach(c -> benefits.add(new Given(c, "CORE", null, null, "Core benefit of " + m.getTier(), null)));
            int[] mine = choice[m.getIndex()];
            for (int i : mine) {
                double worth = m.profit(i) / PopulationProblem.PROFIT_UNIT;
                benefits.add(new Given(m.getOptions().get(i).getId(), "POOL", m.score(i), worth, String.format(Locale.ROOT,
                        "Your score %.2f clears %s's threshold; worth %.2f (score × value), given within the capacities",
                        m.score(i), m.getTier(), worth), source.apply(problem.source(m.getIndex(), i))));
            }
            defaultsGiven.get(m.getIndex()).forEach(d -> benefits.add(new Given(d, "DEFAULT", null, null,
                    "Default benefit filling a free slot", null)));
            List<Lost> lost = new ArrayList<>();
            for (int i = 0; i < m.optionCount(); i++) {
                unconstrainedWorth[i] = m.profit(i);
            }
            int[] wanted = Relaxation.best(m, unconstrainedWorth);
            for (int i : wanted) {
                String b = m.getOptions().get(i).getId();
                PopulationProblem.Capacity cap = caps.get(b);
                if (cap == null || Relaxation.contains(mine, i)) {
                    continue;
                }
                List<String> instead = new ArrayList<>();
                for (int j : mine) {
                    if (!Relaxation.contains(wanted, j)) {
                        instead.add(m.getOptions().get(j).getId());
                    }
                }
                lost.add(new Lost(m.getUserId(), m.getTier(), b, reason(m, i, cap, used.get(b), lowestWorth.get(b), instead),
                        m.profit(i) / PopulationProblem.PROFIT_UNIT, instead));
                lostByBenefit.merge(b, 1, Integer::sum);
            }
            for (Lost d : defaultsLost.get(m.getIndex())) {
                lost.add(d);
                lostByBenefit.merge(d.benefitId(), 1, Integer::sum);
            }
            lostTotal += lost.size();
            members.add(new MemberAllocation(m.getUserId(), m.getTier(), benefits, lost.isEmpty() ? null : lost));
        }
        List<CapacityUse> uses = new ArrayList<>();
        Map<String, PoolBenefit> byId = new LinkedHashMap<>();
        problem.benefits().forEach(b -> byId.put(b.getId(), b));
        for (PopulationProblem.Capacity cap : problem.capacities()) {
            long[] u = used.get(cap.benefitId());
            BigDecimal usedValue = BigDecimal.valueOf(u[1], 2);
            boolean full = cap.maxUsers() != null && u[0] >= cap.maxUsers()
                    || cap.maxValue() != null && cap.maxValue().subtract(usedValue).compareTo(smallestValue(problem, cap.benefitId())) < 0;
            int index = byId.get(cap.benefitId()).getIndex();
            double price = cap.maxUsers() != null ? solved.userPrices()[index] / PopulationProblem.PROFIT_UNIT
                    : solved.valuePrices()[index] * 100 / PopulationProblem.PROFIT_UNIT;
            uses.add(new CapacityUse(cap.benefitId(), cap.maxUsers(), u[0], cap.maxValue(),
                    cap.maxValue() == null ? null : usedValue, full, lostByBenefit.getOrDefault(cap.benefitId(), 0),
                    Math.round(price * 10_000) / 10_000.0));
        }
        return new PopulationOutcome(members, uses, lostByBenefit, lostTotal);
    }

    private static BigDecimal smallestValue(PopulationProblem problem, String benefitId) {
        long smallest = Long.MAX_VALUE;
        for (Member m : problem.members()) {
            for (int i = 0; i < m.optionCount(); i++) {
                if (m.getOptions().get(i).getId().equals(benefitId)) {
                    smallest = Math.min(smallest, m.valueCents(i));
                }
            }
        }
        return smallest == Long.MAX_VALUE ? BigDecimal.ZERO : BigDecimal.valueOf(smallest, 2);
    }

    private static String reason(Member m, int option, PopulationProblem.Capacity cap, long[] used, Long lowest,
            List<String> instead) {
        String b = m.getOptions().get(option).getId();
        double worth = m.profit(option) / PopulationProblem.PROFIT_UNIT;
        String limit = cap.maxUsers() != null
                ? String.format(Locale.ROOT, "%s is limited to %d members (%d given)", b, cap.maxUsers(), used[0])
                : String.format(Locale.ROOT, "%s is limited to %s in value (%s given)", b,
                        cap.maxValue().setScale(2, RoundingMode.HALF_UP).toPlainString(),
                        BigDecimal.valueOf(used[1], 2).toPlainString());
        String yours = String.format(Locale.ROOT, "yours was worth %.2f (score %.2f × value %s)", worth, m.score(option),
                BigDecimal.valueOf(m.valueCents(option), 2).stripTrailingZeros().toPlainString());
        String why;
        if (lowest != null && lowest > m.profit(option)) {
            why = String.format(Locale.ROOT, "; the places went to members it is worth more to (the lowest given was worth %.2f), %s",
                    lowest / PopulationProblem.PROFIT_UNIT, yours);
        } else {
            why = "; " + yours + ", and the places went to members with fewer good alternatives";
        }
        return limit + why + (instead.isEmpty() ? "" : "; you get " + String.join(", ", instead) + " instead");
    }
}
