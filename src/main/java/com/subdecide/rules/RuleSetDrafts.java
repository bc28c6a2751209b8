package com.subdecide.rules;

import com.subdecide.system.ConflictException;
import com.subdecide.system.FieldProblem;
import com.subdecide.system.InvalidRequestException;
import com.subdecide.system.NotFoundException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Draft rule sets: the live files with an analyst's changes, compiled and stored but not serving. A draft can
 * run the scenarios and what-if simulations, then be promoted (it goes live, recorded) or discarded. A draft must
 * compile; failing scenarios are reported and stop only its promotion.
 */
@Service
public class RuleSetDrafts {

    /** A draft and where it stands. */
    public record Draft(UUID draftId, String version, String baseVersion, String status, String createdBy,
            OffsetDateTime createdAt, String closedBy, OffsetDateTime closedAt, String note) {
    }

    /** A new draft with its validation. */
    public record Created(Draft draft, RuleSetValidator.Report report) {
    }

    private final JdbcClient jdbc;
    private final ActiveRuleSet active;
    private final RuleSetVersions versions;
    private final RuleSetLibrary library;
    private final com.subdecide.system.Node node;
    private final TransactionTemplate tx;

    RuleSetDrafts(JdbcClient jdbc, ActiveRuleSet active, RuleSetVersions versions, RuleSetLibrary library,
            TransactionTemplate tx, com.subdecide.system.Node node) {
        this.tx = tx;
        this.node = node;
        this.jdbc = jdbc;
        this.active = active;
        this.versions = versions;
        this.library = library;
    }

    /**
     * The files a draft or a validation is made of: the live files with {@code changed} written over them and
     * {@code deleted} taken away, or only {@code changed} when {@code replaceAll}.
     */
    public Map<String, byte[]> compose(Map<String, byte[]> changed, Set<String> deleted, boolean replaceAll) {
        Map<String, byte[]> files = new TreeMap<>(replaceAll ? Map.of() : active.current().contents());
        files.putAll(changed);
        deleted.forEach(files::remove);
        return files;
    }

    /**
     * Template cells of the decision tables (code rows, keyword rows, anything outside a table's value rows) that
     * {@code files} change, add or remove against the live version: a change only an ADMIN may make.
     */
    public List<FieldProblem> templateChanges(Map<String, byte[]> files) {
        Map<String, byte[]> live = active.current().contents();
        java.util.Set<String> tables = new java.util.TreeSet<>();
        for (String path : files.keySet()) {
            if (path.endsWith(".drl.xlsx") || path.endsWith(".drl.csv")) {
                tables.add(path);
            }
        }
        for (String path : live.keySet()) {
            if (path.endsWith(".drl.xlsx") || path.endsWith(".drl.csv")) {
                tables.add(path);
            }
        }
        List<FieldProblem> changes = new java.util.ArrayList<>();
        for (String table : tables) {
            byte[] before = live.get(table);
            byte[] after = files.get(table);
            if (before != null && after != null && java.util.Arrays.equals(before, after)) {
                continue;
            }
            Map<String, String> was = before == null ? Map.of() : TableCells.templateCells(table, before);
            Map<String, String> now = after == null ? Map.of() : TableCells.templateCells(table, after);
            java.util.Set<String> cells = new java.util.TreeSet<>(was.keySet());
            cells.addAll(now.keySet());
            for (String cell : cells) {
                if (!java.util.Objects.equals(was.get(cell), now.get(cell))) {
                    changes.add(new FieldProblem(cell, "template_cell", "'" + cell + "' is part of the table's code "
                            + "template (" + (now.get(cell) == null ? "removed" : "now '" + now.get(cell) + "'")
                            + "); only an ADMIN may change it"));
                }
            }
        }
        return changes;
    }

    public Created create(Map<String, byte[]> files, String by, String note) {
        return store(active.current().version(), files, by, note, null);
    }

    /**
     * A new draft in place of an open one (an edit of a draft: drafts are immutable), made from the same live
     * version. The old one is closed as SUPERSEDED in the same step, so of two editors of one draft only the first
     * one's edit is taken and the second one gets a {@code 409} rather than silently undoing it.
     */
    public Created replace(UUID old, Map<String, byte[]> files, String by, String note) {
        Draft replaced = open(old);
        return store(replaced.baseVersion(), files, by, note, old);
    }

    private Created store(String base, Map<String, byte[]> files, String by, String note, UUID replaces) {
        RuleSetValidator.Report report = RuleSetValidator.validate(files, active.runners());
        if (report.ruleSet() == null) {
            throw new InvalidRequestException("rule_set_invalid", "The draft does not compile; nothing was stored",
                    report.errors().stream().map(e -> new FieldProblem(e.location(), "rule_error", e.message())).toList());
        }
        UUID id = tx.execute(status -> {
            if (replaces != null && jdbc.sql("""
                    UPDATE ruleset_draft SET status = 'SUPERSEDED', closed_by = :by, closed_at = now()
                    WHERE draft_id = :id AND status = 'OPEN'
                    """).param("by", by).param("id", replaces).update() == 0) {
                throw new ConflictException("draft_changed", "Draft " + replaces + " was changed or closed by someone else "
                        + "since you opened it; your edit was not stored: open its latest version and make it there");
            }
            versions.save(report.version(), files, by, "draft");
            library.remember(report.ruleSet());
            versions.announceCandidate(report.version(), node.id());
            UUID draftId = UUID.randomUUID();
            jdbc.sql("""
                    INSERT INTO ruleset_draft (draft_id, version, base_version, status, created_by, note, replaces)
                    VALUES (:id, :version, :base, 'OPEN', :by, :note, :replaces)
                    """).param("id", draftId).param("version", report.version()).param("base", base).param("by", by)
                    .param("note", note).param("replaces", replaces).update();
            return draftId;
        });
        return new Created(find(id), report);
    }

    /** The draft that replaced this one, if it was edited. */
    public Optional<UUID> successor(UUID id) {
        return jdbc.sql("SELECT draft_id FROM ruleset_draft WHERE replaces = :id").param("id", id).query(UUID.class)
                .optional();
    }

    public Draft find(UUID id) {
        return jdbc.sql("SELECT * FROM ruleset_draft WHERE draft_id = :id").param("id", id).query(RuleSetDrafts::draft)
                .optional().orElseThrow(() -> new NotFoundException("draft_not_found", "No draft " + id));
    }

    public List<Draft> list(Optional<String> status) {
        return jdbc.sql("""
                SELECT * FROM ruleset_draft WHERE (CAST(:status AS text) IS NULL OR status = :status)
                ORDER BY created_at DESC LIMIT 200
                """).param("status", status.map(String::toUpperCase).orElse(null)).query(RuleSetDrafts::draft).list();
    }

    /** The draft's compiled rule set. */
    public RuleSet ruleSet(UUID id) {
        return library.byVersion(find(id).version());
    }

    public ScenarioReport scenarios(UUID id) {
        return Scenarios.run(ruleSet(id), active.runners());
    }

    /**
     * Takes an open draft live. Refused when its scenarios fail, and when the live version changed since the
     * draft was made (promoting it would silently undo that change) unless {@code force}.
     */
    public Draft promote(UUID id, String by, boolean force) {
        Draft draft = open(id);
        String live = active.current().version();
        if (!force && !draft.baseVersion().equals(live)) {
            throw new ConflictException("draft_out_of_date", "The live rule set changed since this draft was made (it was "
                    + draft.baseVersion() + ", it is " + live + "); promoting would undo that change. Upload the draft "
                    + "again on top of the live version, or promote with force=true.");
        }
        RuleSet ruleSet = library.byVersion(draft.version());
        ScenarioReport scenarios = Scenarios.run(ruleSet, active.runners());
        if (!scenarios.ok()) {
            throw new ConflictException("scenarios_failing", "The draft's scenarios fail, so it cannot go live: "
                    + scenarios.failures());
        }
        active.activate(ruleSet, by, "promote", "draft " + id, "draft");
        close(id, "PROMOTED", by);
        return find(id);
    }

    public Draft discard(UUID id, String by) {
        open(id);
        close(id, "DISCARDED", by);
        return find(id);
    }

    private Draft open(UUID id) {
        Draft draft = find(id);
        if (!draft.status().equals("OPEN")) {
            throw new ConflictException("draft_closed", "Draft " + id + " is already " + draft.status());
        }
        return draft;
    }

    private void close(UUID id, String status, String by) {
        jdbc.sql("""
                UPDATE ruleset_draft SET status = :status, closed_by = :by, closed_at = now()
                WHERE draft_id = :id AND status = 'OPEN'
                """).param("status", status).param("by", by).param("id", id).update();
    }

    private static Draft draft(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Draft(rs.getObject("draft_id", UUID.class), rs.getString("version"), rs.getString("base_version"),
                rs.getString("status"), rs.getString("created_by"), rs.getObject("created_at", OffsetDateTime.class),
                rs.getString("closed_by"), rs.getObject("closed_at", OffsetDateTime.class), rs.getString("note"));
    }
}
