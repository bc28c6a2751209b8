package com.subdecide.system;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The decision log in PostgreSQL. A decision is answered only after it is written here, so every
 * {@code 200} has its row; when PostgreSQL cannot be reached the caller gets {@link StorageUnavailableException}.
 * The request is stored deflated (V17); the response as {@code json}.
 */
@Repository
public class DecisionLog {

    private final JdbcClient jdbc;
    private final Node node;

    DecisionLog(JdbcClient jdbc, Node node) {
        this.jdbc = jdbc;
        this.node = node;
    }

    public void record(DecisionRecord decision) {
        try {
            jdbc.sql("""
                    INSERT INTO decision_log (decision_id, decision_type, user_id, ruleset_version, request_deflated,
                                              response, rules_micros, solve_micros, total_micros, experiment_key,
                                              variant, inputs, node)
                    VALUES (:id, :type, :user, :version, :request, CAST(:response AS json),
                            :rules, :solve, :total, :experiment, :variant, CAST(:inputs AS json), :node)
                    """)
                    .param("node", node.id())
                    .param("inputs", decision.inputsJson())
                    .param("experiment", decision.experimentKey())
                    .param("variant", decision.variant())
                    .param("id", decision.decisionId())
                    .param("type", decision.decisionType())
                    .param("user", decision.userId())
                    .param("version", decision.rulesetVersion())
                    .param("request", deflate(decision.requestJson()))
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
    public List<UUID> underExperiment(String experimentKey, int limit) {
        return jdbc.sql("SELECT decision_id FROM decision_log WHERE experiment_key = :key ORDER BY decided_at, decision_id "
                + "LIMIT :limit").param("key", experimentKey).param("limit", limit).query(UUID.class).list();
    }

    /** One logged decision, without its request and answer. */
    public record Summary(UUID decisionId, String decisionType, String userId, String rulesetVersion,
            java.time.OffsetDateTime decidedAt, long totalMicros, String node) {
    }

    /** The latest logged decisions, newest first, of one type or of all when {@code type} is null. */
    public List<Summary> recent(String type, int limit) {
        return jdbc.sql("""
                SELECT decision_id, decision_type, user_id, ruleset_version, decided_at, total_micros, node FROM decision_log
                WHERE (CAST(:type AS text) IS NULL OR decision_type = :type) ORDER BY decided_at DESC LIMIT :limit
                """).param("type", type).param("limit", limit)
                .query((rs, i) -> new Summary(rs.getObject("decision_id", UUID.class), rs.getString("decision_type"),
                        rs.getString("user_id"), rs.getString("ruleset_version"),
                        rs.getObject("decided_at", java.time.OffsetDateTime.class), rs.getLong("total_micros"),
                        rs.getString("node"))).list();
    }

    /** The logged decision with this id, as stored. */
    public Optional<DecisionRecord> find(UUID decisionId) {
        return jdbc.sql(SELECT + " WHERE decision_id = :id").param("id", decisionId).query(DecisionLog::row).optional();
    }

    /** The logged decisions with these ids, as stored, in no particular order; unknown ids are left out. */
    public List<DecisionRecord> find(Collection<UUID> decisionIds) {
        return jdbc.sql(SELECT + " WHERE decision_id = ANY(:ids)").param("ids", decisionIds.toArray(new UUID[0]))
                .query(DecisionLog::row).list();
    }

    private static final String SELECT = """
            SELECT decision_id, decision_type, user_id, ruleset_version, request::text AS request, request_deflated,
                   response::text AS response, rules_micros, solve_micros, total_micros, experiment_key, variant,
                   inputs::text AS inputs
            FROM decision_log""";

    private static DecisionRecord row(ResultSet rs, int rowNum) throws SQLException {
        byte[] deflated = rs.getBytes("request_deflated");
        String request = deflated != null ? inflate(deflated) : rs.getString("request");
        return new DecisionRecord(rs.getObject("decision_id", UUID.class), rs.getString("decision_type"),
                rs.getString("user_id"), rs.getString("ruleset_version"), request, rs.getString("response"),
                new DecisionTimings(rs.getLong("rules_micros"), rs.getLong("solve_micros"), rs.getLong("total_micros")),
                rs.getString("experiment_key"), rs.getString("variant"), rs.getString("inputs"));
    }

    /** zlib (DEFLATE with a checksum) at level 1: ~0.2 ms and a tenth of the size for a 100 KB request. */
    static byte[] deflate(String text) {
        byte[] in = text.getBytes(StandardCharsets.UTF_8);
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try {
            deflater.setInput(in);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(in.length / 8 + 64);
            byte[] buffer = new byte[Math.min(in.length + 64, 64 * 1024)];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    static String inflate(byte[] deflated) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(deflated);
            ByteArrayOutputStream out = new ByteArrayOutputStream(deflated.length * 10);
            byte[] buffer = new byte[64 * 1024];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && !inflater.finished() && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalStateException("a logged request is truncated");
                }
                out.write(buffer, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (DataFormatException e) {
            throw new IllegalStateException("a logged request is not valid zlib data", e);
        } finally {
            inflater.end();
        }
    }
}
