package com.subdecide.rules;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** Rule-set versions, their files, and their activations, in PostgreSQL. */
@Repository
public class RuleSetVersions {

    /** One version and every time it went live (newest first). */
    public record Version(String version, OffsetDateTime createdAt, String createdBy, String origin,
            List<Activation> activations) {
    }

    /** One time a version went live. */
    public record Activation(long activationId, String version, OffsetDateTime activatedAt, String activatedBy,
            String trigger, String previousVersion, String note) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    RuleSetVersions(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** Stores a version's files once; storing the same version again changes nothing. */
    public void save(String version, Map<String, byte[]> files, String by, String origin) {
        tx.executeWithoutResult(status -> {
            int inserted = jdbc.sql("""
                    INSERT INTO ruleset_version (version, created_by, origin) VALUES (:v, :by, :origin)
                    ON CONFLICT (version) DO NOTHING
                    """).param("v", version).param("by", by).param("origin", origin).update();
            if (inserted == 1) {
                files.forEach((path, content) -> jdbc.sql(
                        "INSERT INTO ruleset_file (version, path, content) VALUES (:v, :path, :content)")
                        .param("v", version).param("path", path).param("content", content).update());
            }
        });
    }

    /** Channel on which an activation is announced to the other nodes, with the version as payload. */
    static final String CHANNEL = "ruleset_activated";

    /** Channel on which a stored candidate (a draft's version) is announced, so every node compiles it ahead. */
    static final String CANDIDATES = "ruleset_candidate";

    /**
     * Tells every node listening on {@link #CANDIDATES} (when the surrounding transaction commits) of a candidate this
     * node has compiled already: the payload is the version and this node's name.
     */
    void announceCandidate(String version, String node) {
        jdbc.sql("SELECT pg_notify('" + CANDIDATES + "', :p)").param("p", version + " " + node).query().listOfRows();
    }

    /** Records an activation and, when it commits, tells every node listening on {@link #CHANNEL}. */
    void recordActivation(String version, String by, String trigger, String previous, String note) {
        tx.executeWithoutResult(status -> {
            jdbc.sql("""
                    INSERT INTO ruleset_activation (version, activated_by, trigger, previous_version, note)
                    VALUES (:v, :by, :trigger, :previous, :note)
                    """).param("v", version).param("by", by).param("trigger", trigger).param("previous", previous)
                    .param("note", note).update();
            jdbc.sql("SELECT pg_notify('" + CHANNEL + "', :v)").param("v", version).query().listOfRows();
        });
    }

    public Optional<Activation> latestActivation() {
        return jdbc.sql("SELECT * FROM ruleset_activation ORDER BY activation_id DESC LIMIT 1")
                .query(RuleSetVersions::activation).optional();
    }

    public List<Activation> activations(int limit) {
        return jdbc.sql("SELECT * FROM ruleset_activation ORDER BY activation_id DESC LIMIT :limit")
                .param("limit", limit).query(RuleSetVersions::activation).list();
    }

    /** Versions that went live, newest activation first, each with its activations. */
    public List<Version> live(int limit) {
        Map<String, Version> byVersion = new LinkedHashMap<>();
        for (Activation a : activations(limit * 4)) {
            Version v = byVersion.get(a.version());
            if (v == null) {
                if (byVersion.size() == limit) {
                    continue;
                }
                v = find(a.version()).orElseThrow();
                v = new Version(v.version(), v.createdAt(), v.createdBy(), v.origin(), new java.util.ArrayList<>());
                byVersion.put(a.version(), v);
            }
            v.activations().add(a);
        }
        return List.copyOf(byVersion.values());
    }

    public Optional<Version> find(String version) {
        return jdbc.sql("SELECT version, created_at, created_by, origin FROM ruleset_version WHERE version = :v")
                .param("v", version)
                .query((rs, i) -> new Version(rs.getString("version"), rs.getObject("created_at", OffsetDateTime.class),
                        rs.getString("created_by"), rs.getString("origin"), List.of()))
                .optional()
                .map(v -> new Version(v.version(), v.createdAt(), v.createdBy(), v.origin(),
                        jdbc.sql("SELECT * FROM ruleset_activation WHERE version = :v ORDER BY activation_id DESC")
                                .param("v", version).query(RuleSetVersions::activation).list()));
    }

    /**
     * The full version name for what a client wrote: the full {@code sha256:...}, or a unique prefix of its hex of
     * at least 8 characters.
     */
    public Optional<String> resolve(String written) {
        String hex = written.startsWith("sha256:") ? written.substring(7) : written;
        if (hex.length() < 8 || !hex.matches("[0-9a-f]+")) {
            return Optional.empty();
        }
        List<String> matches = jdbc.sql("SELECT version FROM ruleset_version WHERE version LIKE :p LIMIT 2")
                .param("p", "sha256:" + hex + "%").query(String.class).list();
        return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
    }

    /** The files of a version, by path. */
    public Map<String, byte[]> files(String version) {
        Map<String, byte[]> files = new TreeMap<>();
        jdbc.sql("SELECT path, content FROM ruleset_file WHERE version = :v").param("v", version)
                .query(rs -> {
                    files.put(rs.getString("path"), rs.getBytes("content"));
                });
        return files;
    }

    private static Activation activation(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Activation(rs.getLong("activation_id"), rs.getString("version"),
                rs.getObject("activated_at", OffsetDateTime.class), rs.getString("activated_by"),
                rs.getString("trigger"), rs.getString("previous_version"), rs.getString("note"));
    }
}
