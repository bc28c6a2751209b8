package com.subdecide.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subdecide.rotation.RotationRequest;
import com.subdecide.rotation.RotationRequestReader;
import com.subdecide.rotation.UserMonths;
import com.subdecide.rotation.YearSimulation;
import com.subdecide.rules.ActiveRuleSet;
import com.subdecide.rules.RuleSet;
import com.subdecide.system.JobSupersededException;
import com.subdecide.system.Jobs;
import com.subdecide.system.JsonRequestReader;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Year simulations for stored users, as jobs: each user's state and the newest catalog, simulated month by month
 * ({@link YearSimulation}); the report sums what they pay and save against their baselines, per month (chart
 * series) and per user. Stored and queued at acceptance ({@link Jobs}: any node may run it, another takes it over if
 * that node stops), progress in {@code done} of {@code total}.
 */
@Service
public class YearJobs {

    private static final Logger log = LoggerFactory.getLogger(YearJobs.class);
    static final int MAX_USERS = 1_000_000;
    static final String TASK = "year-simulation";

    private final JdbcClient jdbc;
    private final UserMonths users;
    private final YearSimulation simulation;
    private final ActiveRuleSet rules;
    private final ObjectMapper json;
    private final Clock clock;
    private final Jobs jobs;
    private final TransactionTemplate tx;
    private final int threads = Runtime.getRuntime().availableProcessors();

    YearJobs(JdbcClient jdbc, UserMonths users, YearSimulation simulation, ActiveRuleSet rules, ObjectMapper json,
            Clock clock, Jobs jobs, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.users = users;
        this.simulation = simulation;
        this.rules = rules;
        this.json = json;
        this.clock = clock;
        this.jobs = jobs;
        this.tx = tx;
    }

    private record Spec(List<String> userIds, int months, int titlesPerMonth) {
    }

    /** Accepts {user_ids: [...]} or {all_users: true}, with months (1..24, default 12) and titles_per_month. */
    public UUID submit(JsonNode body, String by) {
        read(body);
        UUID id = UUID.randomUUID();
        tx.executeWithoutResult(status -> {
            jdbc.sql("""
                    INSERT INTO simulation (simulation_id, kind, status, requested_by, spec)
                    VALUES (:id, 'YEAR', 'QUEUED', :by, CAST(:spec AS json))
                    """).param("id", id).param("by", by).param("spec", body.toString()).update();
            jobs.enqueue(TASK, id);
        });
        return id;
    }

    private Spec read(JsonNode body) {
        JsonRequestReader in = new JsonRequestReader();
        List<String> ids = in.strings(body, "$", "user_ids", MAX_USERS, 200, null);
        boolean all = body.path("all_users").asBoolean(false);
        if ((ids == null) == !all) {
            in.problem("$", "one_of", "give exactly one of 'user_ids' and 'all_users': true");
        }
        Integer months = in.count(body, "$", "months", 24);
        Integer titles = in.count(body, "$", "titles_per_month", 50);
        if (months != null && months == 0) {
            in.problem("$.months", "out_of_range", "'months' must be between 1 and 24");
        }
        in.throwIfProblems();
        return new Spec(ids, months == null ? 12 : months, titles == null ? 3 : titles);
    }

    /** One attempt at job {@code id}: nothing if it is finished, else every user from the start. */
    void run(UUID id) {
        long start = System.nanoTime();
        Integer attempt = SimulationJobs.claim(jdbc, jobs.node(), id);
        if (attempt == null) {
            return;
        }
        ExecutorService pool = null;
        try {
            Spec spec = read(json.readTree(jdbc.sql("SELECT spec::text FROM simulation WHERE simulation_id = :id")
                    .param("id", id).query(String.class).single()));
            List<String> ids = spec.userIds() != null ? spec.userIds()
                    : jdbc.sql("SELECT user_id FROM rotation_user ORDER BY user_id").query(String.class).list();
            JobSupersededException.unlessWritten("year simulation " + id, attempt, jdbc.sql("UPDATE simulation SET total = :t WHERE simulation_id = :id AND attempt = :a")
                    .param("t", ids.size()).param("id", id).param("a", attempt).update());
            RuleSet ruleSet = rules.current();
            LocalDate today = LocalDate.now(clock);
            AtomicInteger next = new AtomicInteger();
            AtomicInteger done = new AtomicInteger();
            List<YearSimulation.Result> results = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            List<Future<?>> workers = new ArrayList<>();
            pool = Executors.newFixedThreadPool(threads, r -> daemon(r, "year-simulation"));
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < ids.size() && !Thread.currentThread().isInterrupted()) {
                        try {
                            RotationRequest month = new RotationRequestReader(clock).read(users.requestFor(ids.get(i), today));
                            YearSimulation.Result result = simulation.simulate(new YearSimulation.Input(month, null,
                                    spec.months(), spec.titlesPerMonth()), ruleSet);
                            synchronized (results) {
                                results.add(result);
                            }
                        } catch (RuntimeException e) {
                            synchronized (failures) {
                                if (failures.size() < 20) {
                                    failures.add(ids.get(i) + ": " + e.getMessage());
                                }
                            }
                        }
                        if (done.incrementAndGet() % 100 == 0) {
                            JobSupersededException.unlessWritten("year simulation " + id, attempt, jdbc.sql("UPDATE simulation SET done = :d WHERE simulation_id = :id AND attempt = :a")
                                    .param("d", done.get()).param("id", id).param("a", attempt).update());
                        }
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            Map<String, Object> report = report(results, failures, ruleSet, (System.nanoTime() - start) / 1_000_000);
            JobSupersededException.unlessWritten("year simulation " + id, attempt, jdbc.sql("""
                    UPDATE simulation SET status = 'DONE', finished_at = now(), done = :d, report = CAST(:r AS jsonb)
                    WHERE simulation_id = :id AND attempt = :a
                    """).param("d", done.get()).param("r", json.writeValueAsString(report)).param("id", id)
                    .param("a", attempt).update());
        } catch (Exception e) {
            Jobs.rethrowUnlessFailed(e, "year simulation " + id);
            log.warn("year simulation {} failed", id, e);
            jdbc.sql("UPDATE simulation SET status = 'FAILED', finished_at = now(), error = :e WHERE simulation_id = :id AND attempt = :a")
                    .param("e", String.valueOf(e.getMessage())).param("id", id).param("a", attempt).update();
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    private static Map<String, Object> report(List<YearSimulation.Result> results, List<String> failures, RuleSet ruleSet,
            long elapsedMillis) {
        Map<String, BigDecimal[]> byMonth = new java.util.TreeMap<>();
        BigDecimal paid = BigDecimal.ZERO;
        BigDecimal baseline = BigDecimal.ZERO;
        BigDecimal saved = BigDecimal.ZERO;
        List<Map<String, Object>> perUser = new ArrayList<>();
        results.sort(java.util.Comparator.comparing(YearSimulation.Result::userId));
        for (YearSimulation.Result r : results) {
            paid = paid.add(r.totalPaid());
            baseline = baseline.add(r.totalBaselineCost());
            saved = saved.add(r.totalSaved());
            for (YearSimulation.Month m : r.months()) {
                BigDecimal[] sums = byMonth.computeIfAbsent(m.month().toString(),
                        k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
                sums[0] = sums[0].add(m.paid());
                sums[1] = sums[1].add(m.baselineCost());
                sums[2] = sums[2].add(m.saved());
            }
            Map<String, Object> user = new LinkedHashMap<>();
            user.put("user_id", r.userId());
            user.put("total_paid", r.totalPaid());
            user.put("total_saved", r.totalSaved());
            user.put("sentences", r.sentences());
            perUser.add(user);
        }
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("months", List.copyOf(byMonth.keySet()));
        chart.put("paid", byMonth.values().stream().map(v -> v[0]).toList());
        chart.put("baseline_cost", byMonth.values().stream().map(v -> v[1]).toList());
        chart.put("saved", byMonth.values().stream().map(v -> v[2]).toList());
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("ruleset_version", ruleSet.version());
        report.put("users", results.size());
        report.put("failed", failures);
        report.put("total_paid", paid);
        report.put("total_baseline_cost", baseline);
        report.put("total_saved", saved);
        report.put("chart", chart);
        report.put("per_user", perUser.size() > 10_000 ? perUser.subList(0, 10_000) : perUser);
        report.put("elapsed_millis", elapsedMillis);
        return report;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
