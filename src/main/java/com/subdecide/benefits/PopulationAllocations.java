package com.subdecide.benefits;

import com.subdecide.system.StoredJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subdecide.benefits.domain.TierBenefit;
import com.subdecide.benefits.population.PopulationOutcome;
import com.subdecide.benefits.population.PopulationProblem;
import com.subdecide.benefits.population.PopulationSolution;
import com.subdecide.benefits.population.PopulationSolver;
import com.subdecide.rules.ActiveRuleSet;
import com.subdecide.rules.RuleSet;
import com.subdecide.rules.RuleSetLibrary;
import com.subdecide.rules.RuleSetVersions;
import com.subdecide.system.ConflictException;
import com.subdecide.system.JsonRequestReader;
import com.subdecide.system.NotFoundException;
import com.subdecide.system.JobSupersededException;
import com.subdecide.system.Jobs;
import com.subdecide.system.Workers;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.optaplanner.core.api.solver.SolverFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Population benefit allocation as jobs: every member of the named tiers, their options from the rules and the
 * propensity model, allocated under global capacities by {@link PopulationSolver}. A job is stored and queued in
 * one transaction when accepted ({@link com.subdecide.system.Jobs}: any node runs it, another takes it over if that
 * node stops or dies); progress is live on its node and stored every second for the others; the members' results
 * and the job's result are stored in one transaction by the latest attempt only.
 */
@Service
public class PopulationAllocations {

    /** The population solver configuration under {@code solver-config/}. */
    public static final String SOLVER_CONFIG = "benefit-population-solver.xml";
    private static final Logger log = LoggerFactory.getLogger(PopulationAllocations.class);
    private static final int CHUNK = 2_000;
    private static final int EXAMPLES = 20;
    static final String TASK = "population-allocation";

    /** What a job asks for. */
    record Spec(List<String> tiers, List<PopulationProblem.Capacity> capacities, int timeLimitSeconds, String rulesetVersion,
            String experimentKey, String variant) {
    }

    /** Where a running job stands. */
    public record Progress(String phase, int membersDone, int membersTotal, long elapsedMillis, Double objective,
            Double upperBound, Double gap) {
    }

    /** A job and where it stands; {@code result} once it is done. */
    public record Job(UUID allocationId, String status, String requestedBy, OffsetDateTime requestedAt,
            OffsetDateTime startedAt, OffsetDateTime finishedAt, JsonNode request, Progress progress, JsonNode result,
            String error, OffsetDateTime appliedAt, String appliedBy) {
    }

    /** The timings of a job, in milliseconds. */
    public record Timings(long rulesMillis, long boundMillis, long searchMillis, long totalMillis) {
    }

    /** Members who lost a benefit to a capacity: how many, per benefit, and the first few with why. */
    public record LostSummary(long total, Map<String, Integer> byBenefit, List<PopulationOutcome.Lost> examples) {
    }

    /** A finished job's result. */
    public record Result(String rulesetVersion, String modelVersion, int members, Map<String, Integer> membersByTier,
            int slots, int options, double objective, double upperBound, double gap, double startObjective,
            boolean provenOptimal, String score, int relaxationIterations, Timings timings,
            List<PopulationOutcome.CapacityUse> capacities, LostSummary lost) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final ActiveRuleSet active;
    private final RuleSetLibrary library;
    private final RuleSetVersions versions;
    private final Members members;
    private final UserFeatures features;
    private final PropensityModels models;
    private final BenefitAllocator allocator;
    private final ObjectMapper json;
    private final Clock clock;
    private final int threads;
    private final Jobs jobs;
    private final org.springframework.transaction.support.TransactionTemplate tx;
    private final ExecutorService workers;
    private final Map<UUID, Progress> progress = new ConcurrentHashMap<>();
    private final com.subdecide.experiments.Experiments experiments;
    private final com.subdecide.experiments.Assignments assignments;

    PopulationAllocations(JdbcClient jdbc, JdbcTemplate template, ActiveRuleSet active, RuleSetLibrary library,
            RuleSetVersions versions, Members members, UserFeatures features, PropensityModels models,
            BenefitAllocator allocator, ObjectMapper json, Clock clock,
            @Value("${decisions.population.threads:0}") int threads, Jobs jobs,
            org.springframework.transaction.support.TransactionTemplate tx,
            com.subdecide.experiments.Experiments experiments, com.subdecide.experiments.Assignments assignments) {
        this.experiments = experiments;
        this.assignments = assignments;
        this.jdbc = jdbc;
        this.template = template;
        this.active = active;
        this.library = library;
        this.versions = versions;
        this.members = members;
        this.features = features;
        this.models = models;
        this.allocator = allocator;
        this.json = json;
        this.clock = clock;
        this.jobs = jobs;
        this.tx = tx;
        this.threads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        this.workers = Executors.newFixedThreadPool(this.threads, Workers.daemon("population-rules"));
    }

    /** Accepts a job: checked against the rules, stored, queued. */
    public UUID submit(JsonNode body, String by) {
        read(body);
        if (models.versionedScorer().version() == null) {
            throw new ConflictException("no_model", "No propensity model is trained yet: POST /api/v1/models/bps/train first");
        }
        UUID id = UUID.randomUUID();
        tx.executeWithoutResult(status -> {
            jdbc.sql("INSERT INTO benefit_population_job (allocation_id, status, requested_by, request) "
                            + "VALUES (:id, 'QUEUED', :by, CAST(:request AS json))")
                    .param("id", id).param("by", by).param("request", body.toString()).update();
            jobs.enqueue(TASK, id);
        });
        return id;
    }

    /** Reads and checks a request: tiers the rules know, capacities on benefits those tiers offer outside their core. */
    Spec read(JsonNode body) {
        JsonRequestReader in = new JsonRequestReader();
        String variant = in.string(body, "$", "ruleset_version", false, 80);
        String version = null;
        if (variant != null) {
            version = versions.resolve(variant).orElse(null);
            if (version == null) {
                in.problem("$.ruleset_version", "not_found", "no stored rule-set version matches " + variant);
            }
        }
        // One arm of an experiment: its members (as the experiment assigns them) under its rule set.
        String experimentKey = null;
        String arm = null;
        JsonNode experiment = body.get("experiment");
        if (experiment != null && !experiment.isNull() && in.isObject(experiment, "$.experiment")) {
            experimentKey = in.string(experiment, "$.experiment", "key", true, 80);
            arm = in.string(experiment, "$.experiment", "variant", true, 80);
            if (variant != null) {
                in.problem("$.experiment", "one_of", "give 'ruleset_version' or 'experiment', not both");
            } else if (experimentKey != null && arm != null) {
                try {
                    com.subdecide.experiments.Experiment e = experiments.find(experimentKey);
                    com.subdecide.experiments.Experiment.Variant v = e.definition().variant(arm);
                    if (!"BENEFIT_ALLOCATION".equals(e.type())) {
                        in.problem("$.experiment.key", "wrong_type", "'" + experimentKey + "' is a " + e.type()
                                + " experiment, not BENEFIT_ALLOCATION");
                    } else if (!"RUNNING".equals(e.status())) {
                        in.problem("$.experiment.key", "not_running", "'" + experimentKey + "' is " + e.status());
                    } else if (v == null) {
                        in.problem("$.experiment.variant", "unknown_variant", "'" + arm + "' is not a variant of "
                                + experimentKey);
                    } else {
                        version = v.rulesetVersion();
                    }
                } catch (com.subdecide.system.NotFoundException e) {
                    in.problem("$.experiment.key", "not_found", "no experiment '" + experimentKey + "'");
                }
            }
        }
        RuleSet ruleSet = version == null ? active.current() : library.byVersion(version);
        List<String> tiers = in.strings(body, "$", "tiers", 20, 40, null);
        if (tiers == null) {
            in.problem("$.tiers", "required", "'tiers' is required");
            tiers = List.of();
        } else if (tiers.isEmpty() && !in.hasProblems()) {
            in.problem("$.tiers", "empty", "'tiers' must name at least one tier");
        }
        Set<String> core = new LinkedHashSet<>();
        Set<String> offered = new LinkedHashSet<>();
        Set<String> seenTiers = new LinkedHashSet<>();
        for (int i = 0; i < tiers.size(); i++) {
            String tier = tiers.get(i);
            BenefitAllocator.Offers offers = allocator.offers("tier-probe", tier, ruleSet,
                    new com.subdecide.benefits.domain.BenefitUser("tier-probe", 0, 0, 0));
            if (offers.slots().isEmpty()) {
                in.problem("$.tiers[" + i + "]", "unknown_value", "no tier '" + tier + "' in the Slots table");
            } else if (!seenTiers.add(tier)) {
                in.problem("$.tiers[" + i + "]", "duplicate", "tier '" + tier + "' is listed twice");
            }
            for (TierBenefit b : offers.offered()) {
                (b.getKind() == TierBenefit.Kind.CORE ? core : offered).add(b.getBenefitId());
            }
        }
        List<PopulationProblem.Capacity> capacities = new ArrayList<>();
        List<JsonNode> items = in.array(body, "$", "capacities", false, 100);
        Set<String> capped = new LinkedHashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String at = "$.capacities[" + i + "]";
            JsonNode c = items.get(i);
            if (!in.isObject(c, at)) {
                continue;
            }
            String benefit = in.string(c, at, "benefit_id", true, 200);
            Integer maxUsers = in.count(c, at, "max_users", Integer.MAX_VALUE);
            BigDecimal maxValue = in.money(c, at, "max_total_value", false, new BigDecimal("1000000000000"));
            if (!c.hasNonNull("max_users") && !c.hasNonNull("max_total_value")) {
                in.problem(at, "required", "a capacity needs 'max_users', 'max_total_value' or both");
            }
            if (benefit != null) {
                if (!capped.add(benefit)) {
                    in.problem(at + ".benefit_id", "duplicate", "'" + benefit + "' has a capacity already; give both limits in one entry");
                } else if (core.contains(benefit)) {
                    in.problem(at + ".benefit_id", "core_benefit", "'" + benefit
                            + "' is a core benefit of a named tier: every member gets it, so it cannot be limited");
                } else if (!offered.contains(benefit)) {
                    in.problem(at + ".benefit_id", "unknown_value", "no named tier offers '" + benefit
                            + "' in its pool or defaults");
                }
            }
            capacities.add(new PopulationProblem.Capacity(benefit, maxUsers == null ? null : maxUsers.longValue(), maxValue));
        }
        Integer limit = in.count(body, "$", "time_limit_seconds", 600);
        if (limit != null && limit < 1) {
            in.problem("$.time_limit_seconds", "out_of_range", "'time_limit_seconds' must be between 1 and 600");
        }
        in.throwIfProblems();
        return new Spec(tiers, capacities, limit == null ? 60 : limit, version, experimentKey, arm);
    }

    public Job find(UUID id) {
        Job job = jdbc.sql("SELECT * FROM benefit_population_job WHERE allocation_id = :id").param("id", id)
                .query((rs, i) -> new Job(rs.getObject("allocation_id", UUID.class), rs.getString("status"),
                        rs.getString("requested_by"), rs.getObject("requested_at", OffsetDateTime.class),
                        rs.getObject("started_at", OffsetDateTime.class), rs.getObject("finished_at", OffsetDateTime.class),
                        StoredJson.tree(json, rs.getString("request")), storedProgress(rs.getString("progress"), rs.getString("status")),
                        StoredJson.tree(json, rs.getString("result")), rs.getString("error"),
                        rs.getObject("applied_at", OffsetDateTime.class), rs.getString("applied_by")))
                .optional().orElseThrow(() -> new NotFoundException("allocation_not_found", "No population allocation " + id));
        Progress running = progress.get(id);
        return running == null ? job : new Job(job.allocationId(), job.status(), job.requestedBy(), job.requestedAt(),
                job.startedAt(), job.finishedAt(), job.request(), running, job.result(), job.error(), job.appliedAt(),
                job.appliedBy());
    }

    /** One member's allocation in a finished job. */
    public JsonNode member(UUID id, String userId) {
        find(id);
        String row = jdbc.sql("""
                SELECT json_build_object('user_id', user_id, 'tier', tier, 'benefits', benefits, 'lost', lost)::text
                FROM benefit_population_member WHERE allocation_id = :id AND user_id = :u
                """).param("id", id).param("u", userId).query(String.class).optional()
                .orElseThrow(() -> new NotFoundException("member_not_found", "User " + userId + " is not in allocation " + id));
        return StoredJson.tree(json, row);
    }

    /** What applying a job did: members whose current benefits it set, and members skipped (tier changed since). */
    public record Applied(UUID allocationId, long applied, long skippedTierChanged) {
    }

    /**
     * Makes a finished job's allocation the members' current benefits (what their dashboard shows and swaps start
     * from), in one statement. Members whose tier changed since the job are left as they are.
     */
    public Applied apply(UUID id, String by) {
        Job job = find(id);
        if (!"DONE".equals(job.status())) {
            throw new ConflictException("allocation_not_done", "Allocation " + id + " is " + job.status()
                    + "; only a finished allocation can be applied");
        }
        // One statement: every member's current benefits are set, or none are.
        long applied = jdbc.sql("""
                INSERT INTO benefit_allocation (user_id, tier, decision_id, benefits)
                SELECT p.user_id, p.tier, p.allocation_id, p.benefits
                FROM benefit_population_member p JOIN benefit_member m ON m.user_id = p.user_id AND m.tier = p.tier
                WHERE p.allocation_id = :id
                ON CONFLICT (user_id) DO UPDATE SET tier = EXCLUDED.tier, decision_id = EXCLUDED.decision_id,
                                                    benefits = EXCLUDED.benefits, updated_at = now()
                """).param("id", id).update();
        long members = jdbc.sql("SELECT count(*) FROM benefit_population_member WHERE allocation_id = :id").param("id", id)
                .query(Long.class).single();
        jdbc.sql("UPDATE benefit_population_job SET applied_at = now(), applied_by = :by WHERE allocation_id = :id")
                .param("by", by).param("id", id).update();
        return new Applied(id, applied, members - applied);
    }

    /** Every member who lost a benefit to a capacity: {@code user_id,tier,benefit_id,worth,instead,reason}. */
    public String lostCsv(UUID id) {
        find(id);
        StringBuilder csv = new StringBuilder("user_id,tier,benefit_id,worth,instead,reason\n");
        jdbc.sql("SELECT lost::text FROM benefit_population_member WHERE allocation_id = :id AND lost IS NOT NULL ORDER BY user_id")
                .param("id", id).query(rs -> {
                    for (JsonNode l : StoredJson.tree(json, rs.getString(1))) {
                        csv.append(cell(l.path("user_id").asText())).append(',').append(cell(l.path("tier").asText()))
                                .append(',').append(cell(l.path("benefit_id").asText())).append(',')
                                .append(l.hasNonNull("worth") ? l.get("worth").asText() : "").append(',')
                                .append(cell(String.join(" ", texts(l.path("instead"))))).append(',')
                                .append(cell(l.path("reason").asText())).append('\n');
                    }
                });
        return csv.toString();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String cell(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private Progress storedProgress(String text, String status) {
        if (text == null || !"RUNNING".equals(status)) {
            return null;
        }
        try {
            return json.readValue(text, Progress.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** Where attempt {@code attempt} stands, for this node at once and for the others at most once a second. */
    private final class Tracker {
        private final UUID id;
        private final int attempt;
        private long storedAt;

        Tracker(UUID id, int attempt) {
            this.id = id;
            this.attempt = attempt;
        }

        void put(Progress p, boolean force) {
            progress.put(id, p);
            long now = System.nanoTime();
            if (!force && now - storedAt < 1_000_000_000L) {
                return;
            }
            storedAt = now;
            String text;
            try {
                text = json.writeValueAsString(p);
            } catch (JsonProcessingException e) {
                return;
            }
            JobSupersededException.unlessWritten("population allocation " + id, attempt, jdbc.sql("UPDATE benefit_population_job SET progress = CAST(:p AS json) "
                    + "WHERE allocation_id = :id AND attempt = :a").param("p", text).param("id", id).param("a", attempt).update());
        }
    }

    /** One attempt at job {@code id}: nothing if it is finished, else the whole allocation from the start. */
    void run(UUID id) {
        long start = System.nanoTime();
        Integer attempt = jdbc.sql("""
                UPDATE benefit_population_job SET status = 'RUNNING', attempt = attempt + 1, node = :node, started_at = now(),
                       progress = NULL
                WHERE allocation_id = :id AND status IN ('QUEUED', 'RUNNING') RETURNING attempt
                """).param("node", jobs.node()).param("id", id).query(Integer.class).optional().orElse(null);
        if (attempt == null) {
            return;
        }
        Tracker tracker = new Tracker(id, attempt);
        try {
            Spec spec = read(json.readTree(jdbc.sql("SELECT request::text FROM benefit_population_job WHERE allocation_id = :id")
                    .param("id", id).query(String.class).single()));
            RuleSet ruleSet = spec.rulesetVersion() == null ? active.current() : library.byVersion(spec.rulesetVersion());
            PropensityModels.VersionedScorer scorer = models.versionedScorer();
            JobSupersededException.unlessWritten("population allocation " + id, attempt, jdbc.sql("""
                    UPDATE benefit_population_job SET ruleset_version = :rs, model_version = :model
                    WHERE allocation_id = :id AND attempt = :a
                    """).param("rs", ruleSet.version()).param("model", scorer.version()).param("id", id)
                    .param("a", attempt).update());
            List<Members.Member> population = members.ofTiers(spec.tiers());
            if (spec.experimentKey() != null) {
                population = population.stream().filter(m -> {
                    com.subdecide.experiments.Assignments.Answer a = assignments.peek(spec.experimentKey(), m.userId(),
                            m.tier());
                    return a.inExperiment() && spec.variant().equals(a.variant());
                }).toList();
            }
            tracker.put(new Progress("RULES", 0, population.size(), 0, null, null, null), true);
            PopulationProblem problem = new PopulationProblem(spec.capacities());
            Map<String, Integer> byTier = new LinkedHashMap<>();
            int options = 0;
            Instant asOf = clock.instant();
            for (int from = 0; from < population.size(); from += CHUNK) {
                List<Members.Member> chunk = population.subList(from, Math.min(population.size(), from + CHUNK));
                for (PopulationMembers.Prepared p : prepare(chunk, ruleSet, scorer.scorer(), asOf)) {
                    p.addTo(problem);
                    options += p.options().size();
                    byTier.merge(p.tier(), 1, Integer::sum);
                }
                tracker.put(new Progress("RULES", from + chunk.size(), population.size(),
                        (System.nanoTime() - start) / 1_000_000, null, null, null), false);
            }
            long rulesMillis = (System.nanoTime() - start) / 1_000_000;
            SolverFactory<PopulationSolution> factory = ruleSet.<PopulationSolution>solverFactory(SOLVER_CONFIG)
                    .orElseThrow(() -> new IllegalStateException("the rule set has no solver-config/" + SOLVER_CONFIG));
            int total = population.size();
            // The time limit covers the whole job: the search gets what the rules and scores left of it.
            long searchBudget = Math.max(1_000, spec.timeLimitSeconds() * 1000L - rulesMillis);
            PopulationSolver.Solved solved = PopulationSolver.solve(problem, factory, searchBudget,
                    p -> tracker.put(new Progress(p.phase(), total, total, (System.nanoTime() - start) / 1_000_000,
                            round(p.objective()), round(p.bound()),
                            p.objective() == null || p.bound() == null || p.bound() <= 0 ? null
                                    : round6(Math.max(0, (p.bound() - p.objective()) / p.bound()))), false));
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException();
            }
            tracker.put(new Progress("STORING", total, total, (System.nanoTime() - start) / 1_000_000,
                    round(solved.objective()), round(solved.bound()), round6(solved.gap())), true);
            PopulationOutcome outcome = PopulationOutcome.of(problem, solved,
                    rule -> ruleSet.describe(BenefitAllocator.PACKAGE, rule).source());
            List<PopulationOutcome.Lost> examples = new ArrayList<>();
            for (PopulationOutcome.MemberAllocation m : outcome.members()) {
                if (m.lost() != null && examples.size() < EXAMPLES) {
                    examples.addAll(m.lost().subList(0, Math.min(m.lost().size(), EXAMPLES - examples.size())));
                }
            }
            long boundMillis = solved.relaxationMillis();
            Result result = new Result(ruleSet.version(), scorer.version(), total, byTier, problem.slotCount(), options,
                    round(solved.objective()), round(solved.bound()), round6(solved.gap()), round(solved.startObjective()),
                    solved.gap() <= 1e-9, solved.score(), solved.relaxationIterations(),
                    new Timings(rulesMillis, boundMillis, solved.searchMillis(), (System.nanoTime() - start) / 1_000_000),
                    outcome.capacities(), new LostSummary(outcome.lostTotal(), outcome.lostByBenefit(), examples));
            String resultJson = json.writeValueAsString(result);
            // The members and the result in one transaction, under the job's row lock: the latest attempt stores them once.
            tx.executeWithoutResult(status -> {
                JobSupersededException.unlessWritten("population allocation " + id, attempt, jdbc.sql("SELECT 1 FROM benefit_population_job WHERE allocation_id = :id AND attempt = :a FOR UPDATE")
                        .param("id", id).param("a", attempt).query(Integer.class).list().size());
                jdbc.sql("DELETE FROM benefit_population_member WHERE allocation_id = :id").param("id", id).update();
                store(id, outcome);
                jdbc.sql("UPDATE benefit_population_job SET status = 'DONE', finished_at = now(), result = CAST(:r AS json), "
                        + "progress = NULL WHERE allocation_id = :id").param("r", resultJson).param("id", id).update();
            });
            log.info(String.format(Locale.ROOT, "population allocation %s done: %d members, objective %.2f, bound %.2f, gap %.4f%%",
                    id, total, solved.objective(), solved.bound(), 100 * solved.gap()));
        } catch (Exception e) {
            Jobs.rethrowUnlessFailed(e, "population allocation " + id);
            log.warn("population allocation {} failed", id, e);
            jdbc.sql("UPDATE benefit_population_job SET status = 'FAILED', finished_at = now(), error = :error "
                    + "WHERE allocation_id = :id AND attempt = :a").param("error", String.valueOf(e.getMessage()))
                    .param("id", id).param("a", attempt).update();
        } finally {
            progress.remove(id);
        }
    }

    /** The members of a chunk prepared on the worker threads (features read once per chunk), in order. */
    private List<PopulationMembers.Prepared> prepare(List<Members.Member> chunk, RuleSet ruleSet,
            PropensityModels.Scorer scorer, Instant asOf) throws InterruptedException {
        Map<String, UserFeatures.Profile> profiles = features.profiles(chunk.stream().map(Members.Member::userId).toList(), asOf);
        PopulationMembers.Prepared[] out = new PopulationMembers.Prepared[chunk.size()];
        Workers.forEachIndex(workers, threads, chunk.size(), i -> {
            Members.Member m = chunk.get(i);
            UserFeatures.Profile profile = profiles.get(m.userId());
            BenefitAllocator.Offers offers = allocator.offers(m.userId(), m.tier(), ruleSet, profile.behaviour());
            out[i] = PopulationMembers.prepare(m.userId(), m.tier(), offers,
                    b -> Math.round(scorer.predict(b, profile.features()) * 10_000) / 10_000.0);
        });
        List<PopulationMembers.Prepared> prepared = new ArrayList<>(out.length);
        for (PopulationMembers.Prepared p : out) {
            if (p.options() != null) {
                prepared.add(p);
            }
        }
        return prepared;
    }

    /** Each member's benefits and losses, 5,000 rows per statement. */
    private void store(UUID id, PopulationOutcome outcome) {
        List<PopulationOutcome.MemberAllocation> all = outcome.members();
        for (int from = 0; from < all.size(); from += 5_000) {
            List<PopulationOutcome.MemberAllocation> batch = all.subList(from, Math.min(all.size(), from + 5_000));
            String[] users = new String[batch.size()];
            String[] tiers = new String[batch.size()];
            String[] benefits = new String[batch.size()];
            String[] lost = new String[batch.size()];
            for (int i = 0; i < batch.size(); i++) {
                PopulationOutcome.MemberAllocation m = batch.get(i);
                users[i] = m.userId();
                tiers[i] = m.tier();
                benefits[i] = text(m.benefits());
                lost[i] = m.lost() == null ? null : text(m.lost());
            }
            template.execute((java.sql.Connection c) -> {
                try (java.sql.PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO benefit_population_member (allocation_id, user_id, tier, benefits, lost)
                        SELECT ?, u, t, b::json, l::json FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS x(u, t, b, l)
                        """)) {
                    ps.setObject(1, id);
                    ps.setArray(2, c.createArrayOf("text", users));
                    ps.setArray(3, c.createArrayOf("text", tiers));
                    ps.setArray(4, c.createArrayOf("text", benefits));
                    ps.setArray(5, c.createArrayOf("text", lost));
                    return ps.executeUpdate();
                }
            });
        }
    }

    private String text(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Double round(Double x) {
        return x == null ? null : Math.round(x * 10_000) / 10_000.0;
    }

    private static double round6(double x) {
        return Math.round(x * 1_000_000) / 1_000_000.0;
    }

}
