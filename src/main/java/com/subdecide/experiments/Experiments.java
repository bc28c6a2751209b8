package com.subdecide.experiments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subdecide.rules.RuleSetDrafts;
import com.subdecide.rules.RuleSetVersions;
import com.subdecide.system.ConflictException;
import com.subdecide.system.FieldProblem;
import com.subdecide.system.InvalidRequestException;
import com.subdecide.system.NotFoundException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Experiments in PostgreSQL and their lifecycle: DRAFT (edited freely) → RUNNING ({@code start}: phase 1) →
 * STOPPED → SHIPPED (a variant) or REVERTED. Weights and coverage change only in DRAFT or by a new phase.
 */
@Service
public class Experiments {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final RuleSetDrafts drafts;
    private final RuleSetVersions versions;
    /** Running experiments by key, read on every assignment; dropped on every change. */
    private final Map<String, Experiment> cache = new ConcurrentHashMap<>();

    Experiments(JdbcClient jdbc, TransactionTemplate tx, ObjectMapper json, RuleSetDrafts drafts,
            RuleSetVersions versions) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
        this.drafts = drafts;
        this.versions = versions;
    }

    Experiment.Definition read(JsonNode body) {
        return new DefinitionReader(drafts, versions).read(body);
    }

    public Experiment create(JsonNode body, String by) {
        Experiment.Definition definition = read(body);
        try {
            jdbc.sql("""
                    INSERT INTO experiment (experiment_key, type, status, definition, created_by)
                    VALUES (:key, :type, 'DRAFT', CAST(:definition AS jsonb), :by)
                    """).param("key", definition.key()).param("type", definition.type())
                    .param("definition", writeValue(definition)).param("by", by).update();
        } catch (DuplicateKeyException e) {
            throw new ConflictException("experiment_exists", "An experiment with key '" + definition.key()
                    + "' exists already");
        }
        return find(definition.key());
    }

    /** Replaces a DRAFT's definition; the key in the body must be the experiment's. */
    public Experiment update(String key, JsonNode body) {
        Experiment current = find(key);
        Experiment.Definition definition = read(body);
        if (!definition.key().equals(key)) {
            throw new InvalidRequestException("invalid_request", "1 field is invalid", List.of(new FieldProblem("$.key",
                    "key_mismatch", "'key' must be '" + key + "', the experiment's key")));
        }
        requireStatus(current, "DRAFT", "only a DRAFT's definition can change; start a new phase to change weights or "
                + "coverage");
        jdbc.sql("UPDATE experiment SET definition = CAST(:definition AS jsonb), type = :type, updated_at = now() "
                + "WHERE experiment_key = :key AND status = 'DRAFT'")
                .param("definition", writeValue(definition)).param("type", definition.type()).param("key", key).update();
        cache.remove(key);
        return find(key);
    }

    public Experiment find(String key) {
        Experiment.Definition definition = jdbc.sql("SELECT definition::text FROM experiment WHERE experiment_key = :key")
                .param("key", key).query(String.class).optional().map(this::definition)
                .orElseThrow(() -> new NotFoundException("experiment_not_found", "No experiment '" + key + "'"));
        List<Experiment.Phase> phases = jdbc.sql("""
                SELECT phase, seed, coverage, weights::text AS weights, reason, started_by, started_at, ended_at
                FROM experiment_phase WHERE experiment_key = :key ORDER BY phase
                """).param("key", key).query((rs, i) -> new Experiment.Phase(rs.getInt("phase"), rs.getString("seed"),
                rs.getDouble("coverage"), weights(rs.getString("weights")), rs.getString("reason"),
                rs.getString("started_by"), rs.getObject("started_at", OffsetDateTime.class),
                rs.getObject("ended_at", OffsetDateTime.class))).list();
        return jdbc.sql("SELECT * FROM experiment WHERE experiment_key = :key").param("key", key)
                .query((rs, i) -> new Experiment(rs.getString("experiment_key"), rs.getString("type"),
                        rs.getString("status"), definition, rs.getString("shipped_variant"), rs.getString("created_by"),
                        rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class),
                        rs.getString("ended_by"), rs.getObject("ended_at", OffsetDateTime.class), phases))
                .single();
    }

    /** A running experiment by key, from memory after the first read; null when none runs under the key. */
    public Experiment running(String key) {
        Experiment cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        Experiment found = find(key);
        if ("RUNNING".equals(found.status())) {
            cache.put(key, found);
        }
        return found;
    }

    /** The running experiments of a type, newest first. */
    public List<Experiment> runningOfType(String type) {
        List<String> keys = jdbc.sql("SELECT experiment_key FROM experiment WHERE status = 'RUNNING' AND type = :type "
                + "ORDER BY created_at DESC").param("type", type).query(String.class).list();
        List<Experiment> out = new ArrayList<>();
        for (String key : keys) {
            out.add(running(key));
        }
        return out;
    }

    public List<Experiment> list(String status) {
        List<String> keys = jdbc.sql("SELECT experiment_key FROM experiment WHERE (CAST(:status AS text) IS NULL OR status = :status) "
                + "ORDER BY created_at DESC").param("status", status).query(String.class).list();
        return keys.stream().map(this::find).toList();
    }

    public Experiment start(String key, String by) {
        tx.executeWithoutResult(s -> {
            Experiment e = lock(key);
            requireStatus(e, "DRAFT", "only a DRAFT can start");
            insertPhase(e, 1, e.definition().seed(), e.definition().coverage(), weightsOf(e.definition()), "start", by);
            jdbc.sql("UPDATE experiment SET status = 'RUNNING', updated_at = now() WHERE experiment_key = :key")
                    .param("key", key).update();
        });
        cache.remove(key);
        return find(key);
    }

    /**
     * A new phase of a running experiment, with new weights and/or coverage: assignment starts again under a new
     * seed (so that the phases can be analysed apart) unless {@code reseed} is false.
     */
    public Experiment newPhase(String key, Double coverage, List<Double> weights, boolean reseed, String reason,
            String by) {
        tx.executeWithoutResult(s -> {
            Experiment e = lock(key);
            requireStatus(e, "RUNNING", "only a RUNNING experiment gets new phases");
            Experiment.Phase last = e.currentPhase();
            List<Double> w = weights == null ? last.weights() : weights;
            if (w.size() != e.definition().variants().size()) {
                throw new InvalidRequestException("invalid_request", "1 field is invalid", List.of(new FieldProblem(
                        "$.weights", "wrong_size", "'weights' needs one weight per variant ("
                                + e.definition().variants().size() + ")")));
            }
            double sum = w.stream().mapToDouble(Double::doubleValue).sum();
            if (Math.abs(sum - 1) > 1e-6 || w.stream().anyMatch(x -> x <= 0 || x > 1)) {
                throw new InvalidRequestException("invalid_request", "1 field is invalid", List.of(new FieldProblem(
                        "$.weights", "weights_do_not_sum_to_1", "every weight must be above 0 and they must sum to 1")));
            }
            int next = last.phase() + 1;
            jdbc.sql("UPDATE experiment_phase SET ended_at = now() WHERE experiment_key = :key AND phase = :phase")
                    .param("key", key).param("phase", last.phase()).update();
            insertPhase(e, next, reseed ? e.definition().seed() + "/phase-" + next : last.seed(),
                    coverage == null ? last.coverage() : coverage, w, reason, by);
            jdbc.sql("UPDATE experiment SET updated_at = now() WHERE experiment_key = :key").param("key", key).update();
        });
        cache.remove(key);
        return find(key);
    }

    public Experiment stop(String key, String by) {
        return end(key, "RUNNING", "STOPPED", null, by, "only a RUNNING experiment can stop");
    }

    /** Ships a variant: its payload becomes what everyone gets, recorded. {@code guard} refuses (e.g. SRM). */
    public Experiment ship(String key, String variant, String by, Runnable guard) {
        Experiment e = find(key);
        if (!"STOPPED".equals(e.status()) && !"RUNNING".equals(e.status())) {
            throw new ConflictException("experiment_not_stopped", "Only a RUNNING or STOPPED experiment can ship; '"
                    + key + "' is " + e.status());
        }
        if (variant == null || e.definition().variant(variant) == null) {
            throw new InvalidRequestException("invalid_request", "1 field is invalid", List.of(new FieldProblem(
                    "$.variant", variant == null ? "required" : "unknown_variant", variant == null ? "'variant' is required"
                            : "'" + variant + "' is not a variant of " + key)));
        }
        guard.run();
        return end(key, e.status(), "SHIPPED", variant, by, "only a RUNNING or STOPPED experiment can ship");
    }

    public Experiment revert(String key, String by) {
        Experiment e = find(key);
        return end(key, "RUNNING".equals(e.status()) ? "RUNNING" : "STOPPED", "REVERTED", null, by,
                "only a RUNNING or STOPPED experiment can be reverted");
    }

    private Experiment end(String key, String from, String to, String variant, String by, String message) {
        tx.executeWithoutResult(s -> {
            Experiment e = lock(key);
            requireStatus(e, from, message);
            jdbc.sql("""
                    UPDATE experiment SET status = :to, shipped_variant = :variant, updated_at = now(),
                        ended_by = CASE WHEN :to = 'STOPPED' THEN ended_by ELSE :by END,
                        ended_at = CASE WHEN :to = 'STOPPED' THEN ended_at ELSE now() END
                    WHERE experiment_key = :key
                    """).param("to", to).param("variant", variant).param("by", by).param("key", key).update();
            jdbc.sql("UPDATE experiment_phase SET ended_at = coalesce(ended_at, now()) WHERE experiment_key = :key")
                    .param("key", key).update();
        });
        cache.remove(key);
        return find(key);
    }

    private Experiment lock(String key) {
        jdbc.sql("SELECT 1 FROM experiment WHERE experiment_key = :key FOR UPDATE").param("key", key)
                .query(Integer.class).optional()
                .orElseThrow(() -> new NotFoundException("experiment_not_found", "No experiment '" + key + "'"));
        return find(key);
    }

    private static void requireStatus(Experiment e, String status, String message) {
        if (!e.status().equals(status)) {
            throw new ConflictException("experiment_" + e.status().toLowerCase(java.util.Locale.ROOT),
                    "'" + e.key() + "' is " + e.status() + ": " + message);
        }
    }

    private void insertPhase(Experiment e, int phase, String seed, double coverage, List<Double> weights, String reason,
            String by) {
        jdbc.sql("""
                INSERT INTO experiment_phase (experiment_key, phase, seed, coverage, weights, reason, started_by)
                VALUES (:key, :phase, :seed, :coverage, CAST(:weights AS jsonb), :reason, :by)
                """).param("key", e.key()).param("phase", phase).param("seed", seed).param("coverage", coverage)
                .param("weights", writeValue(weights)).param("reason", reason).param("by", by).update();
    }

    static List<Double> weightsOf(Experiment.Definition d) {
        return d.variants().stream().map(Experiment.Variant::weight).toList();
    }

    private String writeValue(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Experiment.Definition definition(String text) {
        try {
            return json.readValue(text, Experiment.Definition.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored experiment definition could not be read", e);
        }
    }

    private List<Double> weights(String text) {
        try {
            return List.of(json.readValue(text, Double[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
