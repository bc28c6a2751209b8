package com.subdecide.experiments;

import com.subdecide.system.ConflictException;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Assignment of users to the variants of running experiments: {@link Assignment} on the current phase's seed,
 * weights and coverage, after targeting and the global holdout; the first answer in a phase is the user's
 * exposure, stored once.
 */
@Service
public class Assignments {

    /** One answer. {@code reason} says why a user is not in the experiment. */
    public record Answer(String experimentKey, String variant, boolean inExperiment, Double hashValue, Integer phase,
            String reason, String rulesetVersion) {
    }

    /** The global holdout: the share of all users kept out of experiments that opt in, and its seed. */
    public record Holdout(double share, String seed, String updatedBy, java.time.OffsetDateTime updatedAt) {
    }

    private final Experiments experiments;
    private final ExposureLog exposures;
    private final JdbcClient jdbc;
    private volatile Holdout holdout;

    Assignments(Experiments experiments, ExposureLog exposures, JdbcClient jdbc) {
        this.experiments = experiments;
        this.exposures = exposures;
        this.jdbc = jdbc;
    }

    /**
     * The user's variant of the experiment. {@code tier} is the user's membership tier for targeting (null when
     * unknown: then a tier-targeted experiment does not include the user). Outside the experiment the answer is the
     * control, with the reason.
     */
    public Answer assign(String key, String userId, String tier) {
        Answer answer = peek(key, userId, tier);
        if (answer.inExperiment()) {
            exposures.expose(new ExposureLog.Exposure(key, answer.phase(), userId, answer.variant()));
        }
        return answer;
    }

    /** The answer {@link #assign} gives, without recording an exposure (for jobs that work per variant). */
    public Answer peek(String key, String userId, String tier) {
        Experiment e = experiments.running(key);
        Experiment.Definition d = e.definition();
        String control = d.control().key();
        if (!"RUNNING".equals(e.status())) {
            String shipped = e.shippedVariant();
            String variant = shipped != null ? shipped : control;
            return new Answer(key, variant, false, null, null, "the experiment is " + e.status(),
                    d.variant(variant).rulesetVersion());
        }
        Experiment.Phase phase = e.currentPhase();
        if (!d.targeting().tiers().isEmpty() && (tier == null || !d.targeting().tiers().contains(tier))) {
            return new Answer(key, control, false, null, phase.phase(), tier == null
                    ? "targets tiers " + d.targeting().tiers() + " and the user's tier is not known"
                    : "targets tiers " + d.targeting().tiers() + ", not " + tier, d.control().rulesetVersion());
        }
        if (d.holdout() && inHoldout(userId)) {
            return new Answer(key, control, false, null, phase.phase(), "in the global holdout",
                    d.control().rulesetVersion());
        }
        double[] weights = phase.weights().stream().mapToDouble(Double::doubleValue).toArray();
        Assignment.Namespace namespace = d.namespace() == null ? null
                : new Assignment.Namespace(d.namespace().id(), d.namespace().start(), d.namespace().end());
        Assignment.Design design = new Assignment.Design(key, phase.seed(), weights.length, phase.coverage(), weights,
                null, namespace, List.of(), 2, true, null);
        Assignment.Result result = Assignment.assign(design, Map.of("id", userId));
        if (!result.inExperiment()) {
            String reason = namespace != null && !Assignment.inNamespace(userId, namespace)
                    ? "outside the namespace's range" : "outside the coverage";
            return new Answer(key, control, false, result.hashValue(), phase.phase(), reason,
                    d.control().rulesetVersion());
        }
        Experiment.Variant variant = d.variants().get(result.variation());
        return new Answer(key, variant.key(), true, result.hashValue(), phase.phase(), null, variant.rulesetVersion());
    }

    /**
     * The running experiment of a type that includes the user, first among those created last; null when none does.
     * Used by decisions that run under experiments (benefit allocation).
     */
    public Answer firstIncluding(String type, String userId, String tier) {
        for (Experiment e : experiments.runningOfType(type)) {
            Answer answer = assign(e.key(), userId, tier);
            if (answer.inExperiment()) {
                return answer;
            }
        }
        return null;
    }

    public Holdout holdout() {
        Holdout h = holdout;
        if (h == null) {
            h = jdbc.sql("SELECT share, seed, updated_by, updated_at FROM experiment_holdout WHERE holdout_id = 1")
                    .query((rs, i) -> new Holdout(rs.getDouble("share"), rs.getString("seed"), rs.getString("updated_by"),
                            rs.getObject("updated_at", java.time.OffsetDateTime.class)))
                    .optional().orElse(new Holdout(0, "global-holdout", null, null));
            holdout = h;
        }
        return h;
    }

    public Holdout setHoldout(double share, String seed, String by) {
        List<String> running = experiments.list("RUNNING").stream().filter(e -> e.definition().holdout())
                .map(Experiment::key).toList();
        if (!running.isEmpty()) {
            throw new ConflictException("experiments_running", "The holdout cannot change while experiments that "
                    + "use it run: " + String.join(", ", running));
        }
        jdbc.sql("""
                INSERT INTO experiment_holdout (holdout_id, share, seed, updated_by) VALUES (1, :share, :seed, :by)
                ON CONFLICT (holdout_id) DO UPDATE SET share = :share, seed = :seed, updated_by = :by, updated_at = now()
                """).param("share", share).param("seed", seed).param("by", by).update();
        holdout = null;
        return holdout();
    }

    boolean inHoldout(String userId) {
        Holdout h = holdout();
        if (h.share() <= 0) {
            return false;
        }
        Double n = Assignment.hash(h.seed(), userId, 2);
        return n != null && n < h.share();
    }
}
