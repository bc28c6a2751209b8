package com.subdecide.benefits.population;

import java.util.ArrayList;
import java.util.List;

/** Every feasible allocation of a small population, for checking the solver: the best value found by enumeration. */
final class ExhaustiveAllocation {

    private ExhaustiveAllocation() {
    }

    static long optimum(PopulationProblem problem) {
        List<List<int[]>> choices = new ArrayList<>();
        for (Member m : problem.members()) {
            choices.add(subsets(m));
        }
        int[][] current = new int[problem.members().size()][];
        return search(problem, choices, 0, current);
    }

    /** The best value without capacities: each member's best subset on their own. */
    static long unconstrained(PopulationProblem problem) {
        long total = 0;
        for (Member m : problem.members()) {
            long best = 0;
            for (int[] s : subsets(m)) {
                best = Math.max(best, value(m, s));
            }
            total += best;
        }
        return total;
    }

    private static long search(PopulationProblem problem, List<List<int[]>> choices, int u, int[][] current) {
        if (u == current.length) {
            return feasible(problem, current) ? total(problem, current) : -1;
        }
        long best = -1;
        for (int[] s : choices.get(u)) {
            current[u] = s;
            best = Math.max(best, search(problem, choices, u + 1, current));
        }
        return best;
    }

    /** Subsets of a member's options within their slots and exclusions. */
    static List<int[]> subsets(Member m) {
        List<int[]> out = new ArrayList<>();
        int n = m.optionCount();
        for (int mask = 0; mask < 1 << n; mask++) {
            if (Integer.bitCount(mask) > m.getFreeSlots()) {
                continue;
            }
            int[] s = new int[Integer.bitCount(mask)];
            boolean ok = true;
            for (int i = 0, k = 0; i < n; i++) {
                if ((mask & 1 << i) != 0) {
                    for (int j = 0; j < k; j++) {
                        ok &= !m.conflict(s[j], i);
                    }
                    s[k++] = i;
                }
            }
            if (ok) {
                out.add(s);
            }
        }
        return out;
    }

    static boolean feasible(PopulationProblem problem, int[][] x) {
        long[] maxUsers = problem.maxUsers();
        long[] maxCents = problem.maxCents();
        long[] users = new long[maxUsers.length];
        long[] cents = new long[maxUsers.length];
        for (Member m : problem.members()) {
            int[] s = x[m.getIndex()];
            if (s.length > m.getFreeSlots()) {
                return false;
            }
            for (int a = 0; a < s.length; a++) {
                for (int b = a + 1; b < s.length; b++) {
                    if (s[a] == s[b] || m.conflict(s[a], s[b])) {
                        return false;
                    }
                }
                int benefit = m.getOptions().get(s[a]).getIndex();
                users[benefit]++;
                cents[benefit] += m.valueCents(s[a]);
            }
        }
        for (int b = 0; b < maxUsers.length; b++) {
            if (maxUsers[b] >= 0 && users[b] > maxUsers[b] || maxCents[b] >= 0 && cents[b] > maxCents[b]) {
                return false;
            }
        }
        return true;
    }

    private static long total(PopulationProblem problem, int[][] x) {
        long total = 0;
        for (Member m : problem.members()) {
            total += value(m, x[m.getIndex()]);
        }
        return total;
    }

    private static long value(Member m, int[] s) {
        long v = 0;
        for (int i : s) {
            v += m.profit(i);
        }
        return v;
    }
}
