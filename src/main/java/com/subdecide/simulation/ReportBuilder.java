package com.subdecide.simulation;

import com.subdecide.rotation.RotationOutcome;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Sums replayed decisions into a {@link SimulationReport}; safe to feed from several threads. */
final class ReportBuilder {

    private static final int MAX_FAILURES = 20;

    private final int examplesWanted;
    private int replayed;
    private int changed;
    private final Map<String, Integer> byField = new TreeMap<>();
    private BigDecimal[] cost = {BigDecimal.ZERO, BigDecimal.ZERO};
    private BigDecimal[] covered = {BigDecimal.ZERO, BigDecimal.ZERO};
    private long[] cancellations = new long[2];
    private long[] optimal = new long[2];
    private final Map<String, long[]> hits = new TreeMap<>();
    private final Map<String, Integer> changedBySource = new TreeMap<>();
    private final List<SimulationReport.Example> examples = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final StringBuilder csv = new StringBuilder("decision_id,field,champion,challenger\n");

    ReportBuilder(int examplesWanted) {
        this.examplesWanted = examplesWanted;
    }

    synchronized void add(String decisionId, RotationOutcome champion, RotationOutcome challenger) {
        replayed++;
        cost[0] = cost[0].add(champion.totalMonthlyCost());
        cost[1] = cost[1].add(challenger.totalMonthlyCost());
        covered[0] = covered[0].add(champion.coveredValue());
        covered[1] = covered[1].add(challenger.coveredValue());
        cancellations[0] += champion.cancellations();
        cancellations[1] += challenger.cancellations();
        optimal[0] += champion.optimal() ? 1 : 0;
        optimal[1] += challenger.optimal() ? 1 : 0;
        champion.ruleHits().forEach((source, n) -> hits.computeIfAbsent(source, k -> new long[2])[0] += n);
        challenger.ruleHits().forEach((source, n) -> hits.computeIfAbsent(source, k -> new long[2])[1] += n);
        List<RotationOutcome.Change> changes = champion.changesTo(challenger);
        if (changes.isEmpty()) {
            return;
        }
        changed++;
        java.util.Set<String> fired = new java.util.HashSet<>(champion.ruleHits().keySet());
        fired.addAll(challenger.ruleHits().keySet());
        fired.forEach(source -> changedBySource.merge(source, 1, Integer::sum));
        changes.stream().map(RotationOutcome::family).distinct().forEach(f -> byField.merge(f, 1, Integer::sum));
        for (RotationOutcome.Change c : changes) {
            csv.append(decisionId).append(',').append(cell(c.field())).append(',').append(cell(c.before()))
                    .append(',').append(cell(c.after())).append('\n');
        }
        if (examples.size() < examplesWanted) {
            examples.add(new SimulationReport.Example(decisionId, changes, champion.explanation(),
                    challenger.explanation()));
        }
    }

    synchronized void failed(String decisionId, String why) {
        if (failures.size() < MAX_FAILURES) {
            failures.add(decisionId + ": " + why);
        }
    }

    synchronized SimulationReport build(String champion, String challenger, int total, long elapsedMillis) {
        Map<String, SimulationReport.Kpi> kpis = new LinkedHashMap<>();
        kpis.put("total_monthly_cost", kpi(cost[0], cost[1]));
        kpis.put("covered_value", kpi(covered[0], covered[1]));
        kpis.put("cancellations", kpi(BigDecimal.valueOf(cancellations[0]), BigDecimal.valueOf(cancellations[1])));
        kpis.put("proven_optimal", kpi(BigDecimal.valueOf(optimal[0]), BigDecimal.valueOf(optimal[1])));
        List<SimulationReport.RuleHits> ruleHits = new ArrayList<>();
        hits.forEach((source, n) -> ruleHits.add(new SimulationReport.RuleHits(source, n[0], n[1], n[1] - n[0])));
        long perSecond = elapsedMillis == 0 ? replayed * 1000L : replayed * 1000L / elapsedMillis;
        return new SimulationReport(champion, challenger, total, replayed, changed, byField, kpis, ruleHits,
                new TreeMap<>(changedBySource), List.copyOf(examples), List.copyOf(failures), elapsedMillis, perSecond);
    }

    synchronized String csv() {
        return csv.toString();
    }

    private static SimulationReport.Kpi kpi(BigDecimal champion, BigDecimal challenger) {
        return new SimulationReport.Kpi(champion, challenger, challenger.subtract(champion));
    }

    /** CSV cell, quoted when it holds a comma, quote or line break. */
    private static String cell(String text) {
        if (text.contains(",") || text.contains("\"") || text.contains("\n")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }
}
