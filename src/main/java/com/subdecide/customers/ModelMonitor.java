package com.subdecide.customers;

import com.subdecide.benefits.PropensityModels;
import com.subdecide.customers.domain.ModelQuality;
import com.subdecide.rules.FiredRule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Model monitoring: each model's newest version scored on the newest labelled period (the last 30 days: features
 * as they were at its start, against what happened in it), for the churn model and each benefit's propensity model.
 * Every reading is stored; one below its {@code model-monitoring.drl.xlsx} threshold is {@code DEGRADED}, raises
 * {@code model_degradation_detected} (an open alert until a later reading of that model is fine) and counts in
 * {@code decisions.model.degradations}; {@code decisions.model.auc} and {@code decisions.model.degraded} gauge each
 * model's latest reading. Runs on {@code decisions.models.monitoring-cron} and on request.
 */
@Service
public class ModelMonitor {

    private static final Logger log = LoggerFactory.getLogger(ModelMonitor.class);

    public record Reading(String model, String version, Instant periodFrom, Instant periodTo, Double auc, int labelled,
            int positives, Double minimumAuc, Integer minimumLabelled, String status, String rule, String source,
            OffsetDateTime measuredAt) {
    }

    public record Alert(String code, String model, String version, Double auc, Double minimumAuc, int labelled,
            Instant periodFrom, Instant periodTo, OffsetDateTime raisedAt, String detail) {
    }

    private final JdbcClient jdbc;
    private final ChurnModels churn;
    private final PropensityModels propensity;
    private final CustomerTables tables;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Counter degradations;
    private final Map<String, AtomicReference<double[]>> gauges = new ConcurrentHashMap<>();

    ModelMonitor(JdbcClient jdbc, ChurnModels churn, PropensityModels propensity, CustomerTables tables, Clock clock,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.churn = churn;
        this.propensity = propensity;
        this.tables = tables;
        this.clock = clock;
        this.meters = meters;
        this.degradations = Counter.builder("decisions.model.degradations")
                .description("model quality readings below their table threshold").register(meters);
    }

    /** The daily reading, run by one node ({@code model-monitoring} in the scheduler's table). */
    void scheduled() {
        try {
            run();
        } catch (RuntimeException e) {
            log.error("model monitoring failed", e);
        }
    }

    /** Measures every trained model now and stores the readings. */
    public List<Reading> run() {
        Instant to = clock.instant();
        Instant from = to.minus(ChurnModels.PERIOD);
        List<Reading> readings = new ArrayList<>();
        ChurnModels.Loaded model = churn.current();
        if (model != null) {
            ChurnModels.Labelled data = churn.labelled(from, to, model.version().features());
            LabelFactory labels = new LabelFactory();
            MutableDataset<Label> period = new MutableDataset<>(new SimpleDataSourceProvenance("churn-monitor",
                    OffsetDateTime.ofInstant(to, java.time.ZoneOffset.UTC), labels), labels);
            String[] names = model.version().features().toArray(String[]::new);
            int positives = 0;
            for (String id : data.customers()) {
                boolean churned = data.churned().get(id);
                positives += churned ? 1 : 0;
                period.add(new ArrayExample<>(new Label(churned ? ChurnModels.CHURNED : ChurnModels.STAYED), names,
                        data.features().get(id).clone()));
            }
            double auc = period.getOutputs().size() < 2 ? Double.NaN
                    : new LabelEvaluator().evaluate(model.model(), period).AUCROC(new Label(ChurnModels.CHURNED));
            readings.add(judge("churn", "churn", model.version().version(), from, to, auc, data.customers().size(),
                    positives));
        }
        for (PropensityModels.Evaluation e : propensity.evaluate(from, to)) {
            readings.add(judge("bps", "bps:" + e.benefitId(), e.version(), from, to, e.auc(), e.labelled(),
                    e.positives()));
        }
        return readings;
    }

    private Reading judge(String kind, String name, String version, Instant from, Instant to, double auc, int labelled,
            int positives) {
        ModelQuality quality = new ModelQuality(kind, auc, labelled);
        CustomerTables.Applied<ModelQuality> applied = tables.quality(quality);
        FiredRule row = quality.rule() == null ? null : applied.byName().get(quality.rule());
        String status;
        if (Double.isNaN(quality.minimumAuc()) || Double.isNaN(auc) || labelled < quality.minimumLabelled()) {
            status = "NOT_JUDGED";
        } else {
            status = auc < quality.minimumAuc() ? "DEGRADED" : "OK";
        }
        Double minimum = Double.isNaN(quality.minimumAuc()) ? null : quality.minimumAuc();
        Double measured = Double.isNaN(auc) ? null : CustomerValues.round(auc, 4);
        OffsetDateTime at = jdbc.sql("""
                INSERT INTO model_quality (model, version, period_from, period_to, auc, labelled, positives, minimum_auc,
                                           minimum_labelled, status)
                VALUES (:model, :version, :from, :to, :auc, :labelled, :positives, :minimum, :minimumLabelled, :status)
                RETURNING measured_at""").param("model", name).param("version", version)
                .param("from", Timestamp.from(from)).param("to", Timestamp.from(to)).param("auc", measured)
                .param("labelled", labelled).param("positives", positives).param("minimum", minimum)
                .param("minimumLabelled", minimum == null ? null : quality.minimumLabelled()).param("status", status)
                .query(OffsetDateTime.class).single();
        gauge(name).set(new double[] {measured == null ? Double.NaN : measured, status.equals("DEGRADED") ? 1 : 0});
        if (status.equals("DEGRADED")) {
            degradations.increment();
            log.warn("model_degradation_detected: {} {} AUC {} below {} on {}..{}", name, version, measured, minimum,
                    from, to);
        }
        return new Reading(name, version, from, to, measured, labelled, positives, minimum,
                minimum == null ? null : quality.minimumLabelled(), status, row == null ? null : row.rule(),
                row == null ? null : row.source(), at);
    }

    private AtomicReference<double[]> gauge(String model) {
        return gauges.computeIfAbsent(model, m -> {
            AtomicReference<double[]> value = new AtomicReference<>(new double[] {Double.NaN, 0});
            Gauge.builder("decisions.model.auc", value, v -> v.get()[0]).tag("model", m)
                    .description("AUC of the model's newest version on its newest labelled period").register(meters);
            Gauge.builder("decisions.model.degraded", value, v -> v.get()[1]).tag("model", m)
                    .description("1 while the model's latest reading is below its threshold").register(meters);
            return value;
        });
    }

    /** Open alerts: each model whose latest reading is DEGRADED. */
    public List<Alert> alerts() {
        return jdbc.sql("""
                SELECT DISTINCT ON (model) model, version, auc, minimum_auc, labelled, period_from, period_to,
                       measured_at, status
                FROM model_quality ORDER BY model, measured_at DESC, id DESC""").query((rs, i) -> rs.getString("status")
                .equals("DEGRADED") ? new Alert("model_degradation_detected", rs.getString("model"),
                rs.getString("version"), rs.getDouble("auc"), rs.getDouble("minimum_auc"), rs.getInt("labelled"),
                rs.getTimestamp("period_from").toInstant(), rs.getTimestamp("period_to").toInstant(),
                rs.getObject("measured_at", OffsetDateTime.class), "AUC " + rs.getDouble("auc") + " on the newest "
                        + "labelled period is below the threshold " + rs.getDouble("minimum_auc")
                        + " (model-monitoring.drl.xlsx): retrain or investigate the data") : null)
                .list().stream().filter(java.util.Objects::nonNull).toList();
    }

    /** Stored readings, newest first (at most {@code limit}). */
    public List<Reading> readings(int limit) {
        return jdbc.sql("""
                SELECT * FROM model_quality ORDER BY measured_at DESC, id DESC LIMIT :limit""").param("limit", limit)
                .query((rs, i) -> new Reading(rs.getString("model"), rs.getString("version"),
                        rs.getTimestamp("period_from").toInstant(), rs.getTimestamp("period_to").toInstant(),
                        (Double) rs.getObject("auc"), rs.getInt("labelled"), rs.getInt("positives"),
                        (Double) rs.getObject("minimum_auc"), (Integer) rs.getObject("minimum_labelled"),
                        rs.getString("status"), null, null, rs.getObject("measured_at", OffsetDateTime.class)))
                .list();
    }
}
