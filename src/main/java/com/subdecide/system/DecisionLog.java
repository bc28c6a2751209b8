package com.subdecide.system;

import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The decision log in PostgreSQL. A decision is answered only after it is written here, so every
 * {@code 200} has its row; when PostgreSQL cannot be reached the caller gets {@link StorageUnavailableException}.
 */
@Repository
public class DecisionLog {

    private final JdbcClient jdbc;

    DecisionLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void record(DecisionRecord decision) {
        try {
            jdbc.sql("""
                    INSERT INTO decision_log (decision_id, decision_type, user_id, ruleset_version, request, response,
                                              rules_micros, solve_micros, total_micros, experiment_key, variant, inputs)
                    VALUES (:id, :type, :user, :version, CAST(:request AS json), CAST(:response AS json),
                            :rules, :solve, :total, :experiment, :variant, CAST(:inputs AS json))
                    """)
                    .param("inputs", decision.inputsJson())
                    .param("experiment", decision.experimentKey())
                    .param("variant", decision.variant())
                    .param("id", decision.decisionId())
                    .param("type", decision.decisionType())
                    .param("user", decision.userId())
                    .param("version", decision.rulesetVersion())
                    .param("request", decision.requestJson())
                    .param("response", decision.responseJson())
                    .param("rules", decision.timings().rulesMicros())
                    .param("solve", decision.timings().solveMicros())
                    .param("total", decision.timings().totalMicros())
                    .update();
        } catch (org.springframework.dao.DataAccessResourceFailureException | TransientDataAccessException
                | RecoverableDataAccessException e) {
            throw new StorageUnavailableException("decision log write failed", e);
        }
    }

    /** The ids of the decisions made under an experiment, oldest first, at most {@code limit}. */
    public java.util.List<UUID> underExperiment(String experimentKey, int limit) {
        return jdbc.sql("SELECT decision_id FROM decision_log WHERE experiment_key = :key ORDER BY decided_at, decision_id "
                + "LIMIT :limit").param("key", experimentKey).param("limit", limit).query(UUID.class).list();
    }

    /** The logged decision with this id, as stored. */
    public Optional<DecisionRecord> find(UUID decisionId) {
        return jdbc.sql("""
                SELECT decision_id, decision_type, user_id, ruleset_version, request::text AS request,
                       response::text AS response, rules_micros, solve_micros, total_micros, experiment_key, variant,
                       inputs::text AS inputs
                FROM decision_log WHERE decision_id = :id
                """)
                .param("id", decisionId)
                .query((rs, i) -> new DecisionRecord(rs.getObject("decision_id", UUID.class),
                        rs.getString("decision_type"), rs.getString("user_id"), rs.getString("ruleset_version"),
                        rs.getString("request"), rs.getString("response"),
                        new DecisionTimings(rs.getLong("rules_micros"), rs.getLong("solve_micros"),
                                rs.getLong("total_micros")), rs.getString("experiment_key"), rs.getString("variant"),
                        rs.getString("inputs")))
                .optional();
    }
}
