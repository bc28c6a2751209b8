package com.subdecide.rotation.solver;

import java.util.Arrays;

/**
 * Exact search for the best access plan: depth-first branch and bound over bundles (on or off) and then
 * platforms (none or one tier), pruned by a linear-relaxation bound of the multiple-choice knapsack in which
 * every remaining platform and bundle adds its marginal covered value. Coverage is submodular, so that sum
 * never underestimates what the remaining choices can add, and the bound is valid. Plans are compared
 * lexicographically: urgent value, covered value, then lower cost, then fewer changes.
 *
 * <p>The urgent level is searched first on its own (few options carry urgent titles, so that search is small);
 * the main search starts from its plan, branches first on the platforms that carry urgent titles, and prunes
 * every subtree whose urgent bound falls below the level already reached.
 */
final class BranchAndBound {

    static final int NONE = -1;
    static final int BY_BUNDLE = -2;

    /** A complete plan and its objective. {@code choice[p]}: tier index, {@link #NONE} or {@link #BY_BUNDLE}. */
    record Plan(boolean[] bundleOn, int[] choice, long urgent, long value, long cost, long changes) {

        boolean betterThan(Plan other) {
            return compare(urgent, value, cost, changes, other) > 0;
        }
    }

    private final CoverageModel m;
    private final long nodeLimit;
    private final int bundleCount;
    private final int platformCount;
    private final int[] platformOrder;

    private final long[] covered;
    private final boolean[] bundleOn;
    private final int[] coveredBy;
    private final int[] choice;
    private long urgent;
    private long value;
    private long cost;
    private long changes;

    private int[] undoTitle = new int[256];
    private long[] undoOld = new long[256];
    private int undoTop;

    // Scratch space for the relaxation.
    private final double[] segCost;
    private final double[] segGain;
    private final long[] segOrder;
    private final long[] optCost = new long[64];
    private final long[] optGain = new long[64];

    // Every option by id, the titles each covers, and each option's current marginal gain.
    private final int[][] tierOption;
    private final int[] bundleOption;
    private final int[][] titleOptions;
    private final long[][] titleContributions;
    private final long[] valueGain;
    private final long[] urgentGain;

    private final boolean urgentOnly;
    private long deadline = Long.MAX_VALUE;
    private long urgentNodeLimit;
    /** The urgent level's proven optimum, once the urgent search has proven it (0 before). */
    private long urgentTarget;

    private long nodes;
    private boolean exhausted = true;
    private Plan best;

    BranchAndBound(CoverageModel model, long nodeLimit) {
        this(model, nodeLimit, false);
    }

    /** With {@code urgentOnly}, the search maximises the urgent level alone (its other levels are ignored). */
    BranchAndBound(CoverageModel model, long nodeLimit, boolean urgentOnly) {
        this.m = model;
        this.nodeLimit = nodeLimit;
        this.urgentOnly = urgentOnly;
        this.urgentNodeLimit = Math.max(1, nodeLimit / 4);
        this.bundleCount = model.bundles.length;
        this.platformCount = model.slots.size();
        this.covered = new long[model.titleCount];
        this.bundleOn = new boolean[bundleCount];
        this.coveredBy = new int[platformCount];
        this.choice = new int[platformCount];
        Arrays.fill(coveredBy, -1);
        Arrays.fill(choice, NONE);
        int maxSegments = bundleCount;
        for (AccessOption[] tiers : model.tiers) {
            maxSegments += tiers.length;
        }
        segCost = new double[maxSegments];
        segGain = new double[maxSegments];
        segOrder = new long[maxSegments];
        platformOrder = orderPlatforms();
        int optionCount = 0;
        tierOption = new int[platformCount][];
        for (int p = 0; p < platformCount; p++) {
            tierOption[p] = new int[model.tiers[p].length];
            for (int k = 0; k < tierOption[p].length; k++) {
                tierOption[p][k] = optionCount++;
            }
        }
        bundleOption = new int[bundleCount];
        for (int b = 0; b < bundleCount; b++) {
            bundleOption[b] = optionCount++;
        }
        valueGain = new long[optionCount];
        urgentGain = new long[optionCount];
        java.util.List<java.util.List<long[]>> byTitle = new java.util.ArrayList<>();
        for (int t = 0; t < model.titleCount; t++) {
            byTitle.add(new java.util.ArrayList<>());
        }
        for (int p = 0; p < platformCount; p++) {
            for (int k = 0; k < tierOption[p].length; k++) {
                index(model.tierCovers[p][k], tierOption[p][k], byTitle);
            }
        }
        for (int b = 0; b < bundleCount; b++) {
            index(model.bundleCovers[b], bundleOption[b], byTitle);
        }
        titleOptions = new int[model.titleCount][];
        titleContributions = new long[model.titleCount][];
        for (int t = 0; t < model.titleCount; t++) {
            titleOptions[t] = byTitle.get(t).stream().mapToInt(pair -> (int) pair[0]).toArray();
            titleContributions[t] = byTitle.get(t).stream().mapToLong(pair -> pair[1]).toArray();
        }
    }

    private void index(CoverageModel.Cover cover, int option, java.util.List<java.util.List<long[]>> byTitle) {
        for (int i = 0; i < cover.titles().length; i++) {
            int t = cover.titles()[i];
            long c = cover.contributions()[i];
            byTitle.get(t).add(new long[] {option, c});
            valueGain[option] += c;
            if (m.urgent[t]) {
                urgentGain[option] += c;
            }
        }
    }

    long nodes() {
        return nodes;
    }

    /** True when the search ran to the end, so the returned plan is optimal. */
    boolean exhausted() {
        return exhausted;
    }

    /** The best plan, starting from {@code incumbent} (which must be feasible). */
    Plan solve(Plan incumbent) {
        best = incumbent;
        if (!urgentOnly && m.anyUrgent) {
            BranchAndBound urgentSearch = new BranchAndBound(m, Math.min(nodeLimit, urgentNodeLimit), true);
            urgentSearch.deadline = deadline;
            Plan urgentBest = urgentSearch.solve(emptyPlan());
            nodes += urgentSearch.nodes;
            if (urgentBest.urgent() > best.urgent()) {
                best = urgentBest;
            }
            if (urgentSearch.exhausted()) {
                urgentTarget = best.urgent();
            }
        }
        dfs(0);
        return best;
    }

    /**
     * Caps the urgent level's own search (default: a quarter of the node limit). Left unproven, it still hands
     * the main search its plan, and the main search proves the urgent level with its own urgent bound.
     */
    void urgentNodeLimit(long limit) {
        this.urgentNodeLimit = Math.max(1, limit);
    }

    /** Stops the search (as a node limit would) once {@code System.nanoTime()} passes this instant. */
    void deadline(long nanoTime) {
        this.deadline = nanoTime;
    }

    /** The plan that chooses nothing: always feasible. */
    Plan emptyPlan() {
        long currentChanges = Arrays.stream(m.currentTier).filter(k -> k >= 0).count();
        int[] none = new int[platformCount];
        Arrays.fill(none, NONE);
        return new Plan(new boolean[bundleCount], none, 0, 0, 0, currentChanges);
    }

    /** Scores a given plan in this model's terms, or null if it breaks the budget or tier exclusivity. */
    Plan evaluate(boolean[] bundles, int[] tierChoice) {
        long[] cover = new long[m.titleCount];
        long planCost = 0;
        long planChanges = 0;
        int[] owner = new int[platformCount];
        Arrays.fill(owner, -1);
        for (int b = 0; b < bundleCount; b++) {
            if (bundles[b]) {
                planCost += m.bundles[b].getCostCents();
                for (int p : m.bundleMembers[b]) {
                    if (owner[p] >= 0 || tierChoice[p] != BY_BUNDLE) {
                        return null;
                    }
                    owner[p] = b;
                }
                raise(cover, m.bundleCovers[b]);
            }
        }
        for (int p = 0; p < platformCount; p++) {
            if (tierChoice[p] == BY_BUNDLE && owner[p] < 0) {
                return null;
            }
            if (tierChoice[p] >= 0) {
                planCost += m.tiers[p][tierChoice[p]].getCostCents();
                raise(cover, m.tierCovers[p][tierChoice[p]]);
            }
            if (m.currentTier[p] >= 0 && tierChoice[p] != m.currentTier[p]) {
                planChanges++;
            }
        }
        if (planCost > m.budget) {
            return null;
        }
        long planUrgent = 0;
        long planValue = 0;
        for (int t = 0; t < cover.length; t++) {
            planValue += cover[t];
            if (m.urgent[t]) {
                planUrgent += cover[t];
            }
        }
        return new Plan(bundles.clone(), tierChoice.clone(), planUrgent, planValue, planCost, planChanges);
    }

    private static void raise(long[] cover, CoverageModel.Cover option) {
        for (int i = 0; i < option.titles().length; i++) {
            cover[option.titles()[i]] = Math.max(cover[option.titles()[i]], option.contributions()[i]);
        }
    }

    private void dfs(int depth) {
        dfs(depth, true);
    }

    /**
     * The subtree at {@code depth}. {@code check} is false when the step here was forced (the only branch was
     * "nothing", so the coverage and cost are unchanged): the bound computed one level up holds, and is not
     * computed again. Only nodes that compute a bound count towards the node limit.
     */
    private void dfs(int depth, boolean check) {
        if (depth == bundleCount + platformCount) {
            if (urgentOnly ? urgent > best.urgent() : compare(urgent, value, cost, changes, best) > 0) {
                best = new Plan(bundleOn.clone(), choice.clone(), urgent, value, cost, changes);
            }
            return;
        }
        if (check) {
            if (++nodes > nodeLimit || ((nodes & 1023) == 0 && System.nanoTime() > deadline)) {
                exhausted = false;
                return;
            }
            if (!promising(depth)) {
                return;
            }
        }
        if (depth < bundleCount) {
            branchBundle(depth);
        } else {
            branchPlatform(depth, platformOrder[depth - bundleCount]);
        }
    }

    private void branchBundle(int b) {
        boolean free = cost + m.bundles[b].getCostCents() <= m.budget;
        for (int p : m.bundleMembers[b]) {
            free &= coveredBy[p] < 0;
        }
        if (!free || gain(bundleOption[b], urgentOnly) <= 0) {
            dfs(b + 1, false);
            return;
        }
        int mark = undoTop;
        bundleOn[b] = true;
        cost += m.bundles[b].getCostCents();
        for (int p : m.bundleMembers[b]) {
            coveredBy[p] = b;
            choice[p] = BY_BUNDLE;
            if (m.currentTier[p] >= 0) {
                changes++;
            }
        }
        apply(m.bundleCovers[b]);
        dfs(b + 1);
        undo(mark);
        for (int p : m.bundleMembers[b]) {
            coveredBy[p] = -1;
            choice[p] = NONE;
            if (m.currentTier[p] >= 0) {
                changes--;
            }
        }
        cost -= m.bundles[b].getCostCents();
        bundleOn[b] = false;
        if (!exhausted) {
            return;
        }
        dfs(b + 1);
    }

    private void branchPlatform(int depth, int p) {
        if (coveredBy[p] >= 0) {
            dfs(depth + 1, false);
            return;
        }
        AccessOption[] tiers = m.tiers[p];
        int n = tiers.length;
        long[] gains = new long[n];
        Integer[] order = new Integer[n];
        boolean any = false;
        for (int k = 0; k < n; k++) {
            gains[k] = gain(tierOption[p][k], urgentOnly);
            order[k] = k;
            any |= cost + tiers[k].getCostCents() <= m.budget && (gains[k] > 0 || k == m.currentTier[p]);
        }
        if (!any) {
            boolean change = m.currentTier[p] >= 0;
            changes += change ? 1 : 0;
            dfs(depth + 1, false);
            changes -= change ? 1 : 0;
            return;
        }
        // Most value per cent first, so the first plans found are good ones and prune the rest.
        Arrays.sort(order, (a, b) -> Double.compare(gains[b] / (double) Math.max(1, tiers[b].getCostCents()),
                gains[a] / (double) Math.max(1, tiers[a].getCostCents())));
        for (int k : order) {
            long price = tiers[k].getCostCents();
            if (cost + price > m.budget || (gains[k] == 0 && k != m.currentTier[p])) {
                continue;
            }
            int mark = undoTop;
            choice[p] = k;
            cost += price;
            boolean change = m.currentTier[p] >= 0 && k != m.currentTier[p];
            if (change) {
                changes++;
            }
            apply(m.tierCovers[p][k]);
            dfs(depth + 1);
            undo(mark);
            if (change) {
                changes--;
            }
            cost -= price;
            choice[p] = NONE;
            if (!exhausted) {
                return;
            }
        }
        boolean change = m.currentTier[p] >= 0;
        if (change) {
            changes++;
        }
        dfs(depth + 1);
        if (change) {
            changes--;
        }
    }

    /** Whether the subtree at {@code depth} can still beat the best plan. */
    private boolean promising(int depth) {
        long remaining = m.budget - cost;
        // Once the urgent optimum is proven and reached, no completion can fall below it: no urgent bound needed.
        boolean urgentSettled = urgentTarget > 0 && urgent >= urgentTarget;
        long boundUrgent = m.anyUrgent && !urgentSettled ? urgent + relaxation(depth, remaining, true) : urgent;
        if (urgentOnly) {
            return boundUrgent > best.urgent();
        }
        if (boundUrgent != best.urgent()) {
            // Below the urgent level reached: nothing here can match it. Above it: anything here would beat it.
            return boundUrgent > best.urgent();
        }
        long boundValue = value + relaxation(depth, remaining, false);
        return compare(boundUrgent, boundValue, cost, changes, best) > 0;
    }

    /** Linear relaxation of the remaining multiple-choice knapsack over marginal gains, rounded down. */
    private long relaxation(int depth, long remaining, boolean urgentOnly) {
        int segments = 0;
        double free = 0;
        for (int b = Math.min(depth, bundleCount); b < bundleCount; b++) {
            boolean available = true;
            for (int p : m.bundleMembers[b]) {
                available &= coveredBy[p] < 0;
            }
            long price = m.bundles[b].getCostCents();
            if (available && price <= remaining) {
                long g = gain(bundleOption[b], urgentOnly);
                if (g > 0) {
                    if (price == 0) {
                        free += g;
                    } else {
                        segCost[segments] = price;
                        segGain[segments++] = g;
                    }
                }
            }
        }
        int firstPlatform = Math.max(0, depth - bundleCount);
        for (int i = firstPlatform; i < platformCount; i++) {
            int p = platformOrder[i];
            if (coveredBy[p] >= 0) {
                continue;
            }
            int options = 0;
            for (int k = 0; k < m.tiers[p].length; k++) {
                long price = m.tiers[p][k].getCostCents();
                if (price <= remaining) {
                    long g = gain(tierOption[p][k], urgentOnly);
                    if (g > 0) {
                        optCost[options] = price;
                        optGain[options++] = g;
                    }
                }
            }
            segments = hull(options, segments);
            free += freeGain;
        }
        // Sort segments by slope with a primitive sort: the float slope's bits (order-preserving for positive
        // floats) above the segment's index. Float rounding can only swap near-equal slopes, which the
        // safety margin below covers.
        for (int i = 0; i < segments; i++) {
            float slope = (float) (segGain[i] / segCost[i]);
            segOrder[i] = ((long) Float.floatToIntBits(slope) << 32) | i;
        }
        Arrays.sort(segOrder, 0, segments);
        double total = free;
        double budgetLeft = remaining;
        for (int i = segments - 1; i >= 0 && budgetLeft > 0; i--) {
            int s = (int) segOrder[i];
            if (segCost[s] <= budgetLeft) {
                total += segGain[s];
                budgetLeft -= segCost[s];
            } else {
                total += segGain[s] * budgetLeft / segCost[s];
                budgetLeft = 0;
            }
        }
        return (long) Math.floor(total * (1 + 2.5e-7) + 1e-6);
    }

    private double freeGain;

    /**
     * Appends the upper convex hull of one platform's options, from (0, 0), as segments of falling slope;
     * a free option's gain goes to {@link #freeGain}.
     */
    private int hull(int options, int segments) {
        freeGain = 0;
        if (options == 0) {
            return segments;
        }
        // Sort options by cost (few per platform: insertion sort).
        for (int i = 1; i < options; i++) {
            long c = optCost[i];
            long g = optGain[i];
            int j = i - 1;
            while (j >= 0 && (optCost[j] > c || (optCost[j] == c && optGain[j] < g))) {
                optCost[j + 1] = optCost[j];
                optGain[j + 1] = optGain[j];
                j--;
            }
            optCost[j + 1] = c;
            optGain[j + 1] = g;
        }
        long baseCost = 0;
        long baseGain = 0;
        int start = 0;
        if (optCost[0] == 0) {
            baseGain = optGain[0];
            freeGain = baseGain;
            start = 1;
        }
        int from = start;
        while (from < options) {
            // Next hull point: the option with the steepest slope from the current base.
            int next = -1;
            double bestSlope = 0;
            for (int k = from; k < options; k++) {
                if (optGain[k] <= baseGain || optCost[k] <= baseCost) {
                    continue;
                }
                double slope = (double) (optGain[k] - baseGain) / (optCost[k] - baseCost);
                if (next < 0 || slope > bestSlope) {
                    next = k;
                    bestSlope = slope;
                }
            }
            if (next < 0) {
                break;
            }
            segCost[segments] = optCost[next] - baseCost;
            segGain[segments++] = optGain[next] - baseGain;
            baseCost = optCost[next];
            baseGain = optGain[next];
            from = next + 1;
        }
        return segments;
    }

    /** An option's current marginal gain, kept up to date as titles get covered (see {@link #recover}). */
    private long gain(int option, boolean urgentOnly) {
        return urgentOnly ? urgentGain[option] : valueGain[option];
    }

    /** Title {@code t}'s best coverage moves from {@code from} to {@code to}: adjust the gains of its options. */
    private void recover(int t, long from, long to) {
        int[] options = titleOptions[t];
        long[] contributions = titleContributions[t];
        for (int i = 0; i < options.length; i++) {
            long c = contributions[i];
            long delta = Math.max(0, c - to) - Math.max(0, c - from);
            if (delta != 0) {
                valueGain[options[i]] += delta;
                if (m.urgent[t]) {
                    urgentGain[options[i]] += delta;
                }
            }
        }
    }

    private void apply(CoverageModel.Cover option) {
        int[] titles = option.titles();
        long[] contributions = option.contributions();
        for (int i = 0; i < titles.length; i++) {
            int t = titles[i];
            if (contributions[i] > covered[t]) {
                push(t, covered[t]);
                recover(t, covered[t], contributions[i]);
                long delta = contributions[i] - covered[t];
                value += delta;
                if (m.urgent[t]) {
                    urgent += delta;
                }
                covered[t] = contributions[i];
            }
        }
    }

    private void push(int title, long old) {
        if (undoTop == undoTitle.length) {
            undoTitle = Arrays.copyOf(undoTitle, undoTop * 2);
            undoOld = Arrays.copyOf(undoOld, undoTop * 2);
        }
        undoTitle[undoTop] = title;
        undoOld[undoTop++] = old;
    }

    private void undo(int mark) {
        while (undoTop > mark) {
            int t = undoTitle[--undoTop];
            recover(t, covered[t], undoOld[undoTop]);
            long delta = covered[t] - undoOld[undoTop];
            value -= delta;
            if (m.urgent[t]) {
                urgent -= delta;
            }
            covered[t] = undoOld[undoTop];
        }
    }

    /**
     * Platforms carrying urgent titles first (most urgent value per cent first), so the urgent level is settled
     * near the root and its bound prunes early; then the most value per cent, so good plans are found early.
     */
    private int[] orderPlatforms() {
        double[] efficiency = new double[platformCount];
        double[] urgency = new double[platformCount];
        for (int p = 0; p < platformCount; p++) {
            for (int k = 0; k < m.tiers[p].length; k++) {
                CoverageModel.Cover cover = m.tierCovers[p][k];
                long total = 0;
                long urgentTotal = 0;
                for (int i = 0; i < cover.titles().length; i++) {
                    total += cover.contributions()[i];
                    urgentTotal += m.urgent[cover.titles()[i]] ? cover.contributions()[i] : 0;
                }
                double price = Math.max(1, m.tiers[p][k].getCostCents());
                efficiency[p] = Math.max(efficiency[p], total / price);
                urgency[p] = Math.max(urgency[p], urgentTotal / price);
            }
        }
        return java.util.stream.IntStream.range(0, platformCount).boxed()
                .sorted((a, b) -> urgency[a] != urgency[b] ? Double.compare(urgency[b], urgency[a])
                        : Double.compare(efficiency[b], efficiency[a]))
                .mapToInt(Integer::intValue).toArray();
    }

    /** Lexicographic comparison of (urgent, value, -cost, -changes) against a plan. */
    static int compare(long urgent, long value, long cost, long changes, Plan plan) {
        if (urgent != plan.urgent()) {
            return Long.compare(urgent, plan.urgent());
        }
        if (value != plan.value()) {
            return Long.compare(value, plan.value());
        }
        if (cost != plan.cost()) {
            return Long.compare(plan.cost(), cost);
        }
        return Long.compare(plan.changes(), changes);
    }
}
