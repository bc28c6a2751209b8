package com.subdecide.simulation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subdecide.rotation.RotationOutcome;
import com.subdecide.rotation.RotationReplay;
import com.subdecide.rules.ActiveRuleSet;
import com.subdecide.rules.RuleSet;
import com.subdecide.rules.RuleSetDrafts;
import com.subdecide.rules.RuleSetLibrary;
import com.subdecide.rules.RuleSetVersions;
import com.subdecide.system.DecisionLog;
import com.subdecide.system.FieldProblem;
import com.subdecide.system.InvalidRequestException;
import com.subdecide.system.JobSupersededException;
import com.subdecide.system.Jobs;
import com.subdecide.system.NotFoundException;
import com.subdecide.system.Workers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs what-if simulations as jobs ({@link Jobs}: claimed by one node, taken over by another if that node
 * stops), each spread over the replay threads. A job is stored and queued in one transaction when it is
 * accepted; progress is live on its node and stored every batch for the others; the report and the CSV of
 * every change are stored when it ends, by the latest attempt only.
 */
@Service
public class SimulationJobs {

    private static final Logger log = LoggerFactory.getLogger(SimulationJobs.class);
    private static final int BATCH = 200;
    static final String TASK = "simulation";

    /** A job and where it stands; {@code report} once it is done. */
    public record Job(UUID simulationId, String kind, String status, String requestedBy, OffsetDateTime requestedAt, Integer total,
            int done, OffsetDateTime startedAt, OffsetDateTime finishedAt, JsonNode report, String error) {
    }

    /** One decision to replay; logged ones stay text until a replay thread takes them (big months are big trees). */
    private record Input(String id, JsonNode request, String requestText, String loggedResponse) {
    }

    private final JdbcClient jdbc;
    private final ActiveRuleSet active;
    private final RuleSetLibrary library;
    private final RuleSetVersions versions;
    private final RuleSetDrafts drafts;
    private final RotationReplay replay;
    private final DecisionLog decisionLog;
    private final ObjectMapper json;
    private final Jobs jobs;
    private final TransactionTemplate tx;
    private final ExecutorService workers;
    private final ExecutorService fetcher = Executors.newSingleThreadExecutor(Workers.daemon("simulation-fetch"));
    private final int threads;
    private final Map<UUID, AtomicInteger> progress = new ConcurrentHashMap<>();

    SimulationJobs(JdbcClient jdbc, ActiveRuleSet active, RuleSetLibrary library, RuleSetVersions versions,
            RuleSetDrafts drafts, RotationReplay replay, DecisionLog decisionLog, ObjectMapper json, Jobs jobs,
            TransactionTemplate tx, @Value("${decisions.simulation.threads:0}") int threads) {
        this.jdbc = jdbc;
        this.active = active;
        this.library = library;
        this.versions = versions;
        this.drafts = drafts;
        this.replay = replay;
        this.decisionLog = decisionLog;
        this.json = json;
        this.jobs = jobs;
        this.tx = tx;
        this.threads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        this.workers = Executors.newFixedThreadPool(this.threads, Workers.daemon("simulation-replay"));
    }

    /** Accepts a simulation: checked, stored, queued. */
    public UUID submit(JsonNode body, String by) {
        SimulationSpec spec = SimulationSpec.read(body);
        challengerVersion(spec);
        if (spec.championVersion() != null) {
            version(spec.championVersion(), "$.champion.version");
        }
        UUID id = UUID.randomUUID();
        tx.executeWithoutResult(status -> {
            jdbc.sql("INSERT INTO simulation (simulation_id, status, requested_by, spec) VALUES (:id, 'QUEUED', :by, CAST(:spec AS json))")
                    .param("id", id).param("by", by).param("spec", body.toString()).update();
            jobs.enqueue(TASK, id);
        });
        return id;
    }

    /** The simulations that tried this draft, newest first. */
    public List<UUID> ofDraft(UUID draftId) {
        return jdbc.sql("""
                SELECT simulation_id FROM simulation WHERE spec->'challenger'->>'draft_id' = :draft
                ORDER BY requested_at DESC LIMIT 50
                """).param("draft", draftId.toString()).query(UUID.class).list();
    }

    /** The latest simulations of every kind, newest first, without their reports. */
    public List<Job> recent(int limit) {
        return jdbc.sql("""
                SELECT simulation_id, kind, status, requested_by, requested_at, total, done, started_at, finished_at, error
                FROM simulation ORDER BY requested_at DESC LIMIT :limit
                """).param("limit", limit)
                .query((rs, i) -> new Job(rs.getObject("simulation_id", UUID.class), rs.getString("kind"),
                        rs.getString("status"), rs.getString("requested_by"), rs.getObject("requested_at", OffsetDateTime.class),
                        (Integer) rs.getObject("total"), rs.getInt("done"), rs.getObject("started_at", OffsetDateTime.class),
                        rs.getObject("finished_at", OffsetDateTime.class), null, rs.getString("error"))).list();
    }

    public Job find(UUID id) {
        Job job = jdbc.sql("SELECT * FROM simulation WHERE simulation_id = :id").param("id", id)
                .query((rs, i) -> new Job(rs.getObject("simulation_id", UUID.class), rs.getString("kind"), rs.getString("status"),
                        rs.getString("requested_by"), rs.getObject("requested_at", OffsetDateTime.class),
                        (Integer) rs.getObject("total"), rs.getInt("done"),
                        rs.getObject("started_at", OffsetDateTime.class), rs.getObject("finished_at", OffsetDateTime.class),
                        tree(rs.getString("report")), rs.getString("error")))
                .optional().orElseThrow(() -> new NotFoundException("simulation_not_found", "No simulation " + id));
        AtomicInteger running = progress.get(id);
        return running == null ? job : new Job(job.simulationId(), job.kind(), job.status(), job.requestedBy(), job.requestedAt(),
                job.total(), running.get(), job.startedAt(), job.finishedAt(), job.report(), job.error());
    }

    /** Every change of every decision: {@code decision_id,field,champion,challenger}. */
    public String changesCsv(UUID id) {
        find(id);
        return jdbc.sql("SELECT changes_csv FROM simulation WHERE simulation_id = :id").param("id", id)
                .query(String.class).optional().orElse(null);
    }

    /** One attempt at job {@code id}: nothing if it is finished, else the whole replay from the start. */
    void run(UUID id) {
        long start = System.nanoTime();
        Integer attempt = claim(jdbc, jobs.node(), id);
        if (attempt == null) {
            return;
        }
        try {
            SimulationSpec spec = SimulationSpec.read(json.readTree(
                    jdbc.sql("SELECT spec::text FROM simulation WHERE simulation_id = :id").param("id", id).query(String.class).single()));
            RuleSet challenger = library.byVersion(challengerVersion(spec));
            RuleSet champion = spec.championVersion() != null ? library.byVersion(version(spec.championVersion(), "$"))
                    : spec.replaysLog() ? null : active.current();
            List<Object> keys = spec.replaysLog() ? new ArrayList<>(loggedIds(spec)) : indexes(spec.requests().size());
            AtomicInteger done = new AtomicInteger();
            progress.put(id, done);
            JobSupersededException.unlessWritten("simulation " + id, attempt, jdbc.sql("UPDATE simulation SET total = :total WHERE simulation_id = :id AND attempt = :attempt")
                    .param("total", keys.size()).param("id", id).param("attempt", attempt).update());
            ReportBuilder report = new ReportBuilder(spec.examples());
            // The next batch is read from PostgreSQL while this one is replayed, so the replay threads never wait.
            CompletableFuture<List<Input>> pending = CompletableFuture.supplyAsync(
                    () -> inputs(spec, keys.subList(0, Math.min(keys.size(), BATCH))), fetcher);
            for (int from = 0; from < keys.size(); from += BATCH) {
                List<Input> inputs = pending.join();
                int next = from + BATCH;
                if (next < keys.size()) {
                    pending = CompletableFuture.supplyAsync(
                            () -> inputs(spec, keys.subList(next, Math.min(keys.size(), next + BATCH))), fetcher);
                }
                replayAll(inputs, champion, challenger, report, done);
                JobSupersededException.unlessWritten("simulation " + id, attempt, jdbc.sql("UPDATE simulation SET done = :done WHERE simulation_id = :id AND attempt = :attempt")
                        .param("done", done.get()).param("id", id).param("attempt", attempt).update());
            }
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            SimulationReport built = report.build(champion == null ? "logged" : champion.version(), challenger.version(),
                    keys.size(), elapsed);
            JobSupersededException.unlessWritten("simulation " + id, attempt, jdbc.sql("""
                    UPDATE simulation SET status = 'DONE', finished_at = now(), done = :done, report = CAST(:report AS jsonb),
                                          changes_csv = :csv
                    WHERE simulation_id = :id AND attempt = :attempt
                    """).param("done", done.get()).param("report", json.writeValueAsString(built))
                    .param("csv", report.csv()).param("id", id).param("attempt", attempt).update());
            log.info("simulation {} done: {} decisions, {} changed, {} per second", id, built.replayed(), built.changed(),
                    built.decisionsPerSecond());
        } catch (Exception e) {
            Jobs.rethrowUnlessFailed(e, "simulation " + id);
            log.warn("simulation {} failed", id, e);
            jdbc.sql("UPDATE simulation SET status = 'FAILED', finished_at = now(), error = :error WHERE simulation_id = :id AND attempt = :attempt")
                    .param("error", String.valueOf(e.getMessage())).param("id", id).param("attempt", attempt).update();
        } finally {
            progress.remove(id);
        }
    }

    /** Takes the next attempt at simulation {@code id} (of either kind) for {@code node}; null when it is finished. */
    static Integer claim(JdbcClient jdbc, String node, UUID id) {
        return jdbc.sql("""
                UPDATE simulation SET status = 'RUNNING', attempt = attempt + 1, node = :node, started_at = now(), done = 0
                WHERE simulation_id = :id AND status IN ('QUEUED', 'RUNNING') RETURNING attempt
                """).param("node", node).param("id", id).query(Integer.class).optional().orElse(null);
    }

    private void replayAll(List<Input> inputs, RuleSet champion, RuleSet challenger, ReportBuilder report,
            AtomicInteger done) throws InterruptedException {
        Workers.forEachIndex(workers, threads, inputs.size(), i -> {
            replayOne(inputs.get(i), champion, challenger, report);
            done.incrementAndGet();
        });
    }

    private void replayOne(Input input, RuleSet champion, RuleSet challenger, ReportBuilder report) {
        try {
            UUID decisionId = uuidOf(input.id());
            JsonNode request = input.request() != null ? input.request() : tree(input.requestText());
            JsonNode logged = input.loggedResponse() == null ? null : tree(input.loggedResponse());
            LocalDate asOf = logged != null && logged.hasNonNull("as_of") ? LocalDate.parse(logged.get("as_of").asText())
                    : request.hasNonNull("as_of") ? null : LocalDate.now();
            RotationOutcome before = champion == null ? RotationOutcome.of(logged)
                    : outcome(replay.replay(request, asOf, decisionId, champion));
            RotationOutcome after = outcome(replay.replay(request, asOf, decisionId, challenger));
            report.add(input.id(), before, after);
        } catch (RuntimeException e) {
            report.failed(input.id(), e.getMessage());
        }
    }

    private RotationOutcome outcome(RotationReplay.Replayed replayed) {
        return RotationOutcome.of(json.valueToTree(replayed.plan()));
    }

    private List<UUID> loggedIds(SimulationSpec spec) {
        String order = spec.sample() != null ? "md5(decision_id::text)" : "decided_at, decision_id";
        return jdbc.sql("""
                SELECT decision_id FROM decision_log
                WHERE decision_type = :type
                  AND (CAST(:from AS timestamptz) IS NULL OR decided_at >= :from)
                  AND (CAST(:to AS timestamptz) IS NULL OR decided_at < :to)
                ORDER BY %s LIMIT :limit
                """.formatted(order))
                .param("type", SimulationSpec.DECISION_TYPE)
                .param("from", spec.from() == null ? null : Timestamp.from(spec.from()))
                .param("to", spec.to() == null ? null : Timestamp.from(spec.to()))
                .param("limit", spec.sample() != null ? spec.sample() : SimulationSpec.MAX_SAMPLE)
                .query(UUID.class).list();
    }

    private List<Input> inputs(SimulationSpec spec, List<Object> keys) {
        List<Input> inputs = new ArrayList<>(keys.size());
        if (!spec.replaysLog()) {
            for (Object key : keys) {
                int i = (Integer) key;
                inputs.add(new Input("request[" + i + "]", spec.requests().get(i), null, null));
            }
            return inputs;
        }
        List<UUID> ids = new ArrayList<>(keys.size());
        keys.forEach(key -> ids.add((UUID) key));
        decisionLog.find(ids).forEach(logged -> inputs.add(new Input(logged.decisionId().toString(), null,
                logged.requestJson(), logged.responseJson())));
        return inputs;
    }

    private String challengerVersion(SimulationSpec spec) {
        if (spec.challengerDraft() != null) {
            try {
                return drafts.find(spec.challengerDraft()).version();
            } catch (NotFoundException e) {
                throw new InvalidRequestException("unknown_draft", e.getMessage(),
                        List.of(new FieldProblem("$.challenger.draft_id", "not_found", e.getMessage())));
            }
        }
        return version(spec.challengerVersion(), "$.challenger.version");
    }

    private String version(String written, String path) {
        return versions.resolve(written).orElseThrow(() -> new InvalidRequestException("unknown_version",
                "No stored rule-set version matches " + written,
                List.of(new FieldProblem(path, "not_found", "no stored rule-set version matches " + written))));
    }

    private static List<Object> indexes(int n) {
        List<Object> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(i);
        }
        return list;
    }

    private static UUID uuidOf(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return UUID.nameUUIDFromBytes(id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private JsonNode tree(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

}
