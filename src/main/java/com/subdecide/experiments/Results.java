package com.subdecide.experiments;

import com.subdecide.experiments.domain.ExperimentReading;
import com.subdecide.experiments.domain.Flag;
import com.subdecide.experiments.domain.MetricReading;
import com.subdecide.experiments.domain.Recommendation;
import com.subdecide.experiments.stats.Comparison;
import com.subdecide.experiments.stats.Corrections;
import com.subdecide.experiments.stats.Cuped;
import com.subdecide.experiments.stats.Moments;
import com.subdecide.experiments.stats.SampleRatio;
import com.subdecide.experiments.stats.SampleSize;
import com.subdecide.experiments.stats.Tests;
import com.subdecide.rules.ActiveRuleSet;
import com.subdecide.rules.FiredRule;
import com.subdecide.rules.RuleRun;
import com.subdecide.system.NotFoundException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * An experiment's results, computed from the stored exposures and the behavioural events each exposed user has
 * after (and, for CUPED, before) their first exposure; then the stopping rules' recommendation.
 */
@Service
public class Results {

    public record VariantMetric(String variant, long users, double mean, double variance, double rawMean,
            double rawVariance) {
    }

    public record MetricResult(String metric, String role, String event, String aggregate, String direction,
            Double cupedVarianceReduction, List<VariantMetric> variants, List<Lift> lifts) {

        MetricResult withLifts(List<Lift> replaced) {
            return new MetricResult(metric, role, event, aggregate, direction, cupedVarianceReduction, variants, replaced);
        }
    }

    /**
     * A treatment against the control: relative lift, the fixed-horizon interval and p-value, the always-valid
     * (sequential) interval and p-value when the analysis is sequential, and the p-value after correction.
     */
    public record Lift(String variant, Double absolute, Double relative, Double low, Double high, Double pValue,
            Double sequentialLow, Double sequentialHigh, Double sequentialPValue, Double adjustedPValue,
            boolean significant, boolean valid) {

        /** The p-value the analysis reads: the always-valid one when it is sequential. */
        double read(Experiment.Analysis analysis) {
            return analysis.sequential() && sequentialPValue != null ? sequentialPValue : pValue;
        }

        Lift withAdjusted(double p, double alpha) {
            return new Lift(variant, absolute, relative, low, high, pValue, sequentialLow, sequentialHigh,
                    sequentialPValue, p, p < alpha, valid);
        }
    }

    public record SampleRatioResult(Map<String, Long> exposures, Map<String, Double> weights, double chiSquare,
            double pValue, boolean flagged) {
    }

    public record SampleSizeResult(String metric, long perArm, boolean reached, LocalDate expectedDate) {
    }

    public record Outcome(String action, String variant, String reason, String rule, String source) {
    }

    public record Report(String experimentKey, String status, int phase, OffsetDateTime phaseStartedAt, int daysRunning,
            long users, SampleRatioResult sampleRatio, SampleSizeResult sampleSize, List<MetricResult> metrics,
            Outcome recommendation, List<Outcome> flags, List<FiredRule> rulesFired, Instant computedAt) {
    }

    private final Experiments experiments;
    private final JdbcClient jdbc;
    private final ActiveRuleSet rules;
    private final Clock clock;
    private final ExposureLog exposureLog;

    Results(Experiments experiments, JdbcClient jdbc, ActiveRuleSet rules, Clock clock, ExposureLog exposureLog) {
        this.exposureLog = exposureLog;
        this.experiments = experiments;
        this.jdbc = jdbc;
        this.rules = rules;
        this.clock = clock;
    }

    public Report report(String key, Integer phaseNumber) {
        return report(key, phaseNumber, null);
    }

    /** The results as they stood at {@code until} (null: now, or the phase's end). */
    public Report report(String key, Integer phaseNumber, Instant until) {
        exposureLog.flush();
        Experiment e = experiments.find(key);
        if (e.phases().isEmpty()) {
            throw new com.subdecide.system.ConflictException("experiment_not_started", "'" + key + "' has not started");
        }
        Experiment.Phase phase = phaseNumber == null ? e.currentPhase() : e.phases().stream()
                .filter(p -> p.phase() == phaseNumber).findFirst()
                .orElseThrow(() -> new NotFoundException("phase_not_found", key + " has no phase " + phaseNumber));
        Instant end = until != null ? until : phase.endedAt() != null ? phase.endedAt().toInstant() : clock.instant();
        Experiment.Definition d = e.definition();
        Experiment.Analysis a = d.analysis();

        Map<String, Long> counted = exposures(key, phase.phase(), end);
        Map<String, Long> exposures = new LinkedHashMap<>();
        d.variants().forEach(v -> exposures.put(v.key(), counted.getOrDefault(v.key(), 0L)));
        long users = exposures.values().stream().mapToLong(Long::longValue).sum();
        long[] observed = d.variants().stream().mapToLong(v -> exposures.getOrDefault(v.key(), 0L)).toArray();
        double[] weights = phase.weights().stream().mapToDouble(Double::doubleValue).toArray();
        SampleRatio.Check srm = SampleRatio.test(observed, weights);
        Map<String, Double> weightMap = new LinkedHashMap<>();
        for (int i = 0; i < d.variants().size(); i++) {
            weightMap.put(d.variants().get(i).key(), weights[i]);
        }

        List<MetricResult> metrics = new ArrayList<>();
        addMetric(metrics, d, d.metrics().primary(), "PRIMARY", key, phase.phase(), end, a);
        for (Experiment.Metric m : d.metrics().secondary()) {
            addMetric(metrics, d, m, "SECONDARY", key, phase.phase(), end, a);
        }
        for (Experiment.Metric m : d.metrics().guardrails()) {
            addMetric(metrics, d, m, "GUARDRAIL", key, phase.phase(), end, a);
        }
        // Correction across the primary and secondary comparisons; guardrails are read on their own.
        List<Lift> family = metrics.stream().filter(m -> !m.role().equals("GUARDRAIL"))
                .flatMap(m -> m.lifts().stream()).filter(Lift::valid).toList();
        double[] adjusted = Corrections.adjust(family.stream().mapToDouble(l -> l.read(a)).toArray(),
                Corrections.Method.valueOf(a.correction()));
        Map<Lift, Double> adjustedOf = new java.util.IdentityHashMap<>();
        for (int i = 0; i < family.size(); i++) {
            adjustedOf.put(family.get(i), adjusted[i]);
        }
        metrics = metrics.stream().map(m -> m.withLifts(m.lifts().stream().map(l -> !l.valid() ? l
                : l.withAdjusted(m.role().equals("GUARDRAIL") ? l.read(a) : adjustedOf.get(l), a.alpha())).toList()))
                .toList();

        MetricResult primary = metrics.get(0);
        VariantMetric control = primary.variants().get(0);
        long perArm = SampleSize.perArm(a.alpha(), a.power(), a.mde(), control.rawMean(), control.rawVariance(),
                "ANY".equals(primary.aggregate()));
        long smallest = primary.variants().stream().mapToLong(VariantMetric::users).min().orElse(0);
        boolean reached = perArm > 0 && smallest >= perArm;
        int days = (int) Duration.between(phase.startedAt().toInstant(), end).toDays();
        LocalDate expected = null;
        if (perArm > 0 && !reached && smallest > 0) {
            double elapsedDays = Math.max(1.0 / 24, Duration.between(phase.startedAt().toInstant(), end).toMinutes()
                    / 1440.0);
            double perDay = smallest / elapsedDays;
            expected = LocalDate.ofInstant(end, ZoneOffset.UTC).plusDays((long) Math.ceil((perArm - smallest) / perDay));
        }

        RuleOutcome outcome = recommend(e, days, srm, reached, users, metrics);
        return new Report(key, e.status(), phase.phase(), phase.startedAt(), days, users,
                new SampleRatioResult(exposures, weightMap, srm.chiSquare(), srm.pValue(),
                        outcome.flags().stream().anyMatch(f -> f.code().equals("SAMPLE_RATIO_MISMATCH"))),
                new SampleSizeResult(primary.metric(), perArm, reached, expected), metrics, outcome.recommendation(),
                outcome.flags().stream().map(f -> new Outcome(f.code(), null, f.reason(), f.rule(), f.source())).toList(),
                outcome.fired(), end);
    }

    private record RuleFlag(String code, String reason, String rule, String source) {
    }

    private record RuleOutcome(Outcome recommendation, List<RuleFlag> flags, List<FiredRule> fired) {
    }

    private RuleOutcome recommend(Experiment e, int days, SampleRatio.Check srm, boolean reached, long users,
            List<MetricResult> metrics) {
        Experiment.Analysis a = e.definition().analysis();
        var ruleSet = rules.current();
        try (RuleRun run = ruleSet.newRun()) {
            run.insert(new ExperimentReading(e.key(), days, a.minRuntimeDays(), a.maxRuntimeDays(), srm.pValue(),
                    a.sequential(), reached, a.mde(), users));
            for (MetricResult m : metrics) {
                Experiment.Metric metric = e.definition().metrics().all().stream()
                        .filter(x -> x.name().equals(m.metric())).findFirst().orElseThrow();
                double sign = metric.higherIsBetter() ? 1 : -1;
                for (Lift l : m.lifts()) {
                    if (!l.valid()) {
                        run.insert(new MetricReading(l.variant(), m.metric(), m.role(), 0, 0, 0, false, false, 0,
                                metric.margin() == null ? 0 : metric.margin(), false));
                        continue;
                    }
                    double low = a.sequential() && l.sequentialLow() != null ? l.sequentialLow() : l.low();
                    double high = a.sequential() && l.sequentialHigh() != null ? l.sequentialHigh() : l.high();
                    double goodLow = sign > 0 ? low : -high;
                    double goodHigh = sign > 0 ? high : -low;
                    run.insert(new MetricReading(l.variant(), m.metric(), m.role(), sign * l.relative(), goodLow,
                            goodHigh, l.significant(), sign * l.relative() > 0, -goodHigh,
                            metric.margin() == null ? 0 : metric.margin(), l.valid()));
                }
            }
            run.fireAll();
            List<FiredRule> fired = run.firedRules();
            List<RuleFlag> flags = run.facts(Flag.class).stream()
                    .map(f -> new RuleFlag(f.getCode(), f.getReason(), f.getRule(), source(fired, f.getRule()))).toList();
            Recommendation r = run.facts(Recommendation.class).stream().findFirst().orElse(null);
            Outcome outcome = r == null ? new Outcome("KEEP_RUNNING", null, "no stopping rule applied", null, null)
                    : new Outcome(r.getAction(), r.getVariant(), r.getReason(), r.getRule(), source(fired, r.getRule()));
            return new RuleOutcome(outcome, flags, fired);
        }
    }

    private static String source(List<FiredRule> fired, String rule) {
        return fired.stream().filter(f -> f.rule().equals(rule)).map(FiredRule::source).findFirst().orElse(null);
    }

    private void addMetric(List<MetricResult> out, Experiment.Definition d, Experiment.Metric metric, String role,
            String key, int phase, Instant end, Experiment.Analysis a) {
        Map<String, Cuped.Sums> sums = sums(key, phase, metric, a.cupedLookbackDays(), end);
        List<Cuped.Sums> arms = d.variants().stream()
                .map(v -> sums.getOrDefault(v.key(), new Cuped.Sums(0, 0, 0, 0, 0, 0))).toList();
        List<Moments> raw = arms.stream().map(s -> metric.aggregate().equals("ANY")
                ? Moments.ofProportion(s.n(), Math.round(s.y())) : Moments.ofSums(s.n(), s.y(), s.yy())).toList();
        List<Moments> analysed = raw;
        Double reduction = null;
        if (a.cupedLookbackDays() > 0) {
            Cuped.Adjusted adjusted = Cuped.adjust(arms);
            if (adjusted.theta() != 0) {
                analysed = adjusted.arms();
                reduction = adjusted.varianceReduction();
            }
        }
        List<VariantMetric> variants = new ArrayList<>();
        for (int i = 0; i < arms.size(); i++) {
            variants.add(new VariantMetric(d.variants().get(i).key(), raw.get(i).n(), analysed.get(i).mean(),
                    analysed.get(i).variance(), raw.get(i).mean(), raw.get(i).variance()));
        }
        List<Lift> lifts = new ArrayList<>();
        for (int i = 1; i < arms.size(); i++) {
            Comparison fixed = Tests.fixedHorizon(analysed.get(0), analysed.get(i), true, a.alpha());
            Comparison seq = a.sequential()
                    ? Tests.sequential(analysed.get(0), analysed.get(i), true, a.alpha(), a.sequentialTuning()) : null;
            double absolute = analysed.get(i).mean() - analysed.get(0).mean();
            boolean valid = fixed.valid();
            boolean sequential = seq != null && seq.valid();
            lifts.add(new Lift(d.variants().get(i).key(), absolute, valid ? fixed.estimate() : null,
                    valid ? fixed.low() : null, valid ? fixed.high() : null, valid ? fixed.pValue() : null,
                    sequential ? seq.low() : null, sequential ? seq.high() : null, sequential ? seq.pValue() : null,
                    null, false, valid));
        }
        out.add(new MetricResult(metric.name(), role, metric.event(), metric.aggregate(), metric.direction(), reduction,
                variants, lifts));
    }

    Map<String, Long> exposures(String key, int phase, Instant end) {
        Map<String, Long> out = new HashMap<>();
        jdbc.sql("""
                SELECT variant, count(*) AS n FROM experiment_exposure
                WHERE experiment_key = :key AND phase = :phase AND exposed_at <= :end GROUP BY variant
                """).param("key", key).param("phase", phase).param("end", Timestamp.from(end))
                .query((rs, i) -> out.put(rs.getString("variant"), rs.getLong("n"))).list();
        return out;
    }

    /** Per variant: the sums over its users of the metric after exposure (y) and before it (x, for CUPED). */
    Map<String, Cuped.Sums> sums(String key, int phase, Experiment.Metric metric, int lookbackDays, Instant end) {
        String y = switch (metric.aggregate()) {
            case "COUNT" -> "post_n";
            case "SUM_AMOUNT" -> "post_amount";
            case "ANY" -> "CASE WHEN post_n > 0 THEN 1 ELSE 0 END";
            default -> "extract(epoch FROM post_last - exposed_at) / 86400.0";
        };
        String x = switch (metric.aggregate()) {
            case "SUM_AMOUNT" -> "pre_amount";
            case "ANY" -> "CASE WHEN pre_n > 0 THEN 1 ELSE 0 END";
            default -> "pre_n";
        };
        Map<String, Cuped.Sums> out = new HashMap<>();
        jdbc.sql(String.format(Locale.ROOT, """
                WITH e AS (
                    SELECT user_id, variant, exposed_at FROM experiment_exposure
                    WHERE experiment_key = :key AND phase = :phase AND exposed_at <= :end),
                u AS (
                    SELECT e.variant, e.user_id, e.exposed_at,
                           count(ev.event_id) FILTER (WHERE ev.occurred_at >= e.exposed_at) AS post_n,
                           coalesce(sum(ev.amount) FILTER (WHERE ev.occurred_at >= e.exposed_at), 0) AS post_amount,
                           coalesce(max(ev.occurred_at) FILTER (WHERE ev.occurred_at >= e.exposed_at), e.exposed_at)
                               AS post_last,
                           count(ev.event_id) FILTER (WHERE ev.occurred_at < e.exposed_at) AS pre_n,
                           coalesce(sum(ev.amount) FILTER (WHERE ev.occurred_at < e.exposed_at), 0) AS pre_amount
                    FROM e LEFT JOIN benefit_event ev ON ev.user_id = e.user_id AND ev.type = :event
                         AND ev.occurred_at >= e.exposed_at - make_interval(days => :lookback) AND ev.occurred_at < :end
                    GROUP BY e.variant, e.user_id, e.exposed_at),
                v AS (SELECT variant, CAST(%s AS double precision) AS y, CAST(%s AS double precision) AS x FROM u)
                SELECT variant, count(*) AS n, sum(y) AS sy, sum(y * y) AS syy, sum(x) AS sx, sum(x * x) AS sxx,
                       sum(x * y) AS sxy
                FROM v GROUP BY variant
                """, y, x)).param("key", key).param("phase", phase).param("end", Timestamp.from(end))
                .param("event", metric.event()).param("lookback", lookbackDays)
                .query((rs, i) -> out.put(rs.getString("variant"), new Cuped.Sums(rs.getLong("n"), rs.getDouble("sy"),
                        rs.getDouble("syy"), rs.getDouble("sx"), rs.getDouble("sxx"), rs.getDouble("sxy"))))
                .list();
        return out;
    }

    /** The primary metric's lifts at the end of each day since the phase started: a series for charts. */
    public List<Map<String, Object>> series(String key, Integer phaseNumber) {
        Report last = report(key, phaseNumber);
        Instant start = last.phaseStartedAt().toInstant();
        List<Map<String, Object>> points = new ArrayList<>();
        LocalDate first = LocalDate.ofInstant(start, ZoneOffset.UTC);
        LocalDate lastDay = LocalDate.ofInstant(last.computedAt(), ZoneOffset.UTC);
        for (LocalDate day = first; !day.isAfter(lastDay) && points.size() < 400; day = day.plusDays(1)) {
            Instant until = day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            if (until.isAfter(last.computedAt())) {
                until = last.computedAt();
            }
            Report r = report(key, last.phase(), until);
            for (Lift l : r.metrics().get(0).lifts()) {
                Map<String, Object> point = new LinkedHashMap<>();
                point.put("date", day.toString());
                point.put("variant", l.variant());
                point.put("users", r.users());
                point.put("lift", l.valid() ? l.relative() : null);
                point.put("low", l.valid() ? l.low() : null);
                point.put("high", l.valid() ? l.high() : null);
                point.put("sequential_low", l.sequentialLow() != null && l.valid() ? l.sequentialLow() : null);
                point.put("sequential_high", l.sequentialHigh() != null && l.valid() ? l.sequentialHigh() : null);
                points.add(point);
            }
        }
        return points;
    }
}
