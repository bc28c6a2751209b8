package com.subdecide.system;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerCustomizer;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.DeadExecutionHandler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Jobs (simulations, year simulations, population allocations) as db-scheduler executions in PostgreSQL: one
 * node claims each, its heartbeat keeps the claim, and another node revives it when the heartbeat goes stale or
 * the node hands it back on stopping. A node runs at most {@code decisions.jobs.per-kind} jobs of one kind at a
 * time; a job it is too busy for goes back to the table for any node to take.
 */
@Component
public class Jobs implements DbSchedulerCustomizer {

    private static final Logger log = LoggerFactory.getLogger(Jobs.class);

    private final ObjectProvider<SchedulerClient> scheduler;
    private final Node node;
    private final JdbcClient jdbc;
    private final MeterRegistry meters;
    private final int perKind;
    private final Duration busyRetry;
    private final Map<String, Semaphore> running = new ConcurrentHashMap<>();
    private volatile Map<String, long[]> counts = Map.of();
    private volatile long countedAt = System.nanoTime() - 10_000_000_000L;

    Jobs(ObjectProvider<SchedulerClient> scheduler, Node node, JdbcClient jdbc, MeterRegistry meters,
            @Value("${decisions.jobs.per-kind:1}") int perKind, @Value("${decisions.jobs.busy-retry:2s}") Duration busyRetry) {
        this.scheduler = scheduler;
        this.jdbc = jdbc;
        this.meters = meters;
        this.node = node;
        this.perKind = Math.max(1, perKind);
        this.busyRetry = busyRetry;
    }

    @Override
    public Optional<SchedulerName> schedulerName() {
        return Optional.of(new SchedulerName.Fixed(node.id()));
    }

    /**
     * A kind of job whose instances are job ids. {@code run} does the job; it throws
     * {@link JobInterruptedException} to hand the job on and marks its own failures in its table.
     */
    public CustomTask<Void> kind(String name, Consumer<UUID> run) {
        Semaphore slots = running.computeIfAbsent(name, k -> new Semaphore(perKind));
        Gauge.builder("decisions.jobs.queued", () -> count(name)[0]).tag("task", name)
                .description("jobs of this kind waiting for a node (all nodes)").register(meters);
        Gauge.builder("decisions.jobs.running", () -> count(name)[1]).tag("task", name)
                .description("jobs of this kind claimed by a node (all nodes)").register(meters);
        return Tasks.custom(name, Void.class)
                // Handed back on stopping (or the database failed under it): another node takes it at its next poll.
                .onFailure(new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(1), 2.0))
                .onDeadExecution(new DeadExecutionHandler.ReviveDeadExecution<>())
                .execute((instance, context) -> {
                    if (!slots.tryAcquire()) {
                        return (complete, operations) -> operations.reschedule(complete, Instant.now().plus(busyRetry));
                    }
                    try {
                        run.accept(UUID.fromString(instance.getId()));
                    } catch (JobSupersededException e) {
                        log.warn("{}", e.getMessage());
                    } finally {
                        slots.release();
                    }
                    return new CompletionHandler.OnCompleteRemove<>();
                });
    }

    /**
     * A task run by one node at each time of a Spring cron expression ({@code -} for never), however many nodes
     * there are; a run missed while every node was down happens when the first one starts.
     */
    public static RecurringTask<Void> recurring(String name, String cron, Runnable run) {
        return Tasks.recurring(name, Schedules.cron(cron)).execute((instance, context) -> run.run());
    }

    /** Queued and claimed executions of a kind, read at most every 5 s for all kinds at once. */
    private long[] count(String name) {
        if (System.nanoTime() - countedAt > 5_000_000_000L) {
            Map<String, long[]> fresh = new java.util.HashMap<>();
            jdbc.sql("SELECT task_name, count(*) FILTER (WHERE NOT picked), count(*) FILTER (WHERE picked) "
                    + "FROM scheduled_tasks GROUP BY task_name").query(rs -> {
                        fresh.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
                    });
            counts = fresh;
            countedAt = System.nanoTime();
        }
        return counts.getOrDefault(name, new long[2]);
    }

    /** Queues job {@code id} of kind {@code name}; inside a transaction it is queued when that commits. */
    public void enqueue(String name, UUID id) {
        scheduler.getObject().scheduleIfNotExists(new TaskInstance<Void>(name, id.toString()), Instant.now());
    }

    /** This node's name, as recorded with each attempt. */
    public String node() {
        return node.id();
    }

    /**
     * Rethrows what ends {@code job}'s attempt without the job having failed: a later attempt took it over
     * ({@link JobSupersededException}), or its node is stopping ({@link JobInterruptedException}). Any other
     * failure returns, for the job to mark itself failed.
     */
    public static void rethrowUnlessFailed(Exception e, String job) {
        JobSupersededException superseded = JobSupersededException.in(e);
        if (superseded != null) {
            throw superseded;
        }
        if (interrupted(e)) {
            throw new JobInterruptedException(job);
        }
    }

    /** Whether a job's thread was asked to stop: the scheduler interrupts running jobs when its node stops. */
    static boolean interrupted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof JobInterruptedException) {
                return true;
            }
        }
        return Thread.currentThread().isInterrupted();
    }
}
