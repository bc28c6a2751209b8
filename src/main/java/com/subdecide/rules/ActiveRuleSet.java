package com.subdecide.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The rule set serving decisions, and the one place it changes. A candidate goes live only when it compiles and
 * its test scenarios pass; it is stored in PostgreSQL with who activated it before it replaces the live one in
 * one atomic swap. Decisions in flight keep the version they started with. At start-up the folders are
 * validated the same way; if they are broken, the last version that went live serves instead and the folders'
 * problems are reported.
 */
@Component
public class ActiveRuleSet {

    private static final Logger log = LoggerFactory.getLogger(ActiveRuleSet.class);

    /** The live version, since when, and who or what made it live. */
    public record Live(RuleSet ruleSet, Instant since, String activatedBy, String trigger) {
    }

    /**
     * The last attempt to take the folders live (start-up or hot reload).
     *
     * @param activated whether it went live; when not, {@code problems} says why
     */
    public record ReloadOutcome(Instant at, String version, boolean activated, List<String> problems) {
    }

    /** Why a followed activation was not taken: a newer one came while it compiled. */
    static final String SUPERSEDED = "superseded by a later activation";

    private final RulesProperties folders;
    private final RuleSetVersions versions;
    private final List<ScenarioRunner> runners;
    private final RuleHitMetrics hits;
    private final AtomicReference<Live> live = new AtomicReference<>();
    private final AtomicReference<ReloadOutcome> lastReload = new AtomicReference<>();
    /** The last activation made elsewhere that did not pass here. */
    private volatile String refusedActivation;
    private final Object changes = new Object();
    private final java.util.concurrent.atomic.AtomicLong reloads = new java.util.concurrent.atomic.AtomicLong();
    private final ExecutorService preparing = Executors.newSingleThreadExecutor(com.subdecide.system.Workers.daemon("rule-set-prepare"));
    private final Map<String, CompletableFuture<RuleSetValidator.Report>> ready = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<RuleSetValidator.Report>> eldest) {
            return size() > 4;
        }
    };

    ActiveRuleSet(RulesProperties folders, RuleSetVersions versions, List<ScenarioRunner> runners, RuleHitMetrics hits) {
        this.folders = folders;
        this.versions = versions;
        this.runners = List.copyOf(runners);
        this.hits = hits;
        RuleLimits.configure(folders.maxActivations(), folders.maxFireMillis());
        Optional<RuleSetVersions.Activation> last = versions.latestActivation();
        if (!folders.localAuthoring() && last.isPresent()) {
            // Outside local authoring only an ADMIN makes a version live: the last activation serves.
            RuleSet serving = RuleSetLoader.compile(versions.files(last.get().version()));
            live.set(new Live(serving, Instant.now(), last.get().activatedBy(), "startup"));
            hits.register(serving);
            String onDisk = RuleSetLoader.versionOf(RuleSetLoader.read(folders));
            if (!onDisk.equals(serving.version())) {
                log.warn("the rule folders ({}) differ from the live version {}; an ADMIN takes them live with "
                        + "POST /api/v1/rulesets/reload", onDisk, serving.version());
            }
        } else {
            RuleSetValidator.Report report = RuleSetValidator.validate(RuleSetLoader.read(folders), runners);
            if (report.valid()) {
                String previous = last.map(RuleSetVersions.Activation::version).orElse(null);
                if (report.version().equals(previous)) {
                    versions.save(report.version(), report.ruleSet().contents(), "system", "folders");
                    live.set(new Live(report.ruleSet(), Instant.now(), "system", "startup"));
                    hits.register(report.ruleSet());
                } else {
                    activate(report.ruleSet(), "system", "startup", null, "folders");
                }
                lastReload.set(new ReloadOutcome(Instant.now(), report.version(), true, List.of()));
            } else {
                if (last.isEmpty()) {
                    throw new RuleSetCompilationException(asProblems(report));
                }
                RuleSet fallback = RuleSetLoader.compile(versions.files(last.get().version()));
                live.set(new Live(fallback, Instant.now(), last.get().activatedBy(), "startup-fallback"));
                hits.register(fallback);
                lastReload.set(new ReloadOutcome(Instant.now(), report.version(), false, report.lines()));
                log.error("the rule folders are not valid, so the last live version {} serves; fix:\n  {}",
                        fallback.version(), String.join("\n  ", report.lines()));
            }
        }
        log.info("rule set {} serving ({} files)", current().version(), current().files().size());
    }

    /** The rule set a new decision should run on; the caller keeps using it for the whole decision. */
    public RuleSet current() {
        return live.get().ruleSet();
    }

    public Live live() {
        return live.get();
    }

    public Optional<ReloadOutcome> lastReload() {
        return Optional.ofNullable(lastReload.get());
    }

    /** The scenario runners every candidate is checked with. */
    public List<ScenarioRunner> runners() {
        return runners;
    }

    /**
     * Reads the folders and takes them live if they changed, compile and pass their scenarios. A broken edit
     * leaves the live version serving and is reported by {@link #lastReload()}.
     */
    public ReloadOutcome reloadFromFolders(String by) {
        long generation = reloads.incrementAndGet();
        Map<String, byte[]> files = RuleSetLoader.read(folders);
        String version = RuleSetLoader.versionOf(files);
        ReloadOutcome previous = lastReload.get();
        if (version.equals(current().version())) {
            // The folders are back to what serves (an edit undone, or a promotion written back).
            ReloadOutcome same = new ReloadOutcome(Instant.now(), version, true, List.of());
            lastReload.set(same);
            return same;
        }
        if (previous != null && !previous.activated() && version.equals(previous.version())) {
            return previous;
        }
        // Compiled and tried with no lock held: the candidate is untrusted input, and its sessions are bounded.
        RuleSetValidator.Report report = RuleSetValidator.validate(files, runners);
        synchronized (changes) {
            if (reloads.get() != generation) {
                // A later reload read newer folders; it decides.
                return new ReloadOutcome(Instant.now(), version, false, List.of("superseded by a later edit"));
            }
            ReloadOutcome outcome;
            if (report.valid()) {
                try {
                    activate(report.ruleSet(), by, "reload", null, "folders");
                    outcome = new ReloadOutcome(Instant.now(), version, true, List.of());
                } catch (RuntimeException e) {
                    outcome = new ReloadOutcome(Instant.now(), version, false,
                            List.of("the version could not be recorded, so it did not go live: " + e.getMessage()));
                }
            } else {
                outcome = new ReloadOutcome(Instant.now(), version, false, report.lines());
                log.warn("rule edit {} not taken live, {} still serves:\n  {}", version, current().version(),
                        String.join("\n  ", report.lines()));
            }
            lastReload.set(outcome);
            return outcome;
        }
    }

    /**
     * Takes a validated rule set live: stores it and the activation, swaps it in, and (for a promotion or a
     * rollback) writes its files into the folders so they keep matching what serves.
     */
    public Live activate(RuleSet ruleSet, String by, String trigger, String note, String origin) {
        synchronized (changes) {
            String previous = live.get() == null ? null : live.get().ruleSet().version();
            versions.save(ruleSet.version(), ruleSet.contents(), by, origin);
            versions.recordActivation(ruleSet.version(), by, trigger, previous, note);
            Live next = new Live(ruleSet, Instant.now(), by, trigger);
            live.set(next);
            hits.register(ruleSet);
            if (folders.writeBack() && (trigger.equals("promote") || trigger.equals("rollback"))) {
                try {
                    RuleSetFolders.write(folders, ruleSet.contents());
                    lastReload.set(new ReloadOutcome(Instant.now(), ruleSet.version(), true, List.of()));
                } catch (RuntimeException e) {
                    log.warn("version {} is live but could not be written into the rule folders: {}",
                            ruleSet.version(), e.getMessage());
                }
            }
            log.info("rule set {} live ({} by {}), replacing {}", ruleSet.version(), trigger, by, previous);
            return next;
        }
    }

    /**
     * Takes live the version another node activated ({@code latest}, the newest activation stored), once this node
     * has compiled it and its scenarios pass here too; if they do not, this node keeps serving what it serves and
     * reports why in {@link #lastReload()}, as for a broken folder edit. Nothing is recorded: the activation is.
     */
    public ReloadOutcome follow(RuleSetVersions.Activation latest) {
        if (latest.version().equals(current().version())) {
            ReloadOutcome same = new ReloadOutcome(Instant.now(), latest.version(), true, List.of());
            ReloadOutcome before = lastReload.get();
            if (before != null && !before.activated() && before.version().equals(refusedActivation)) {
                // What serves here is again what went live last: the refusal of a newer activation no longer stands
                // (a refused folder edit does: the folders still hold it).
                lastReload.set(same);
            }
            return same;
        }
        // Compiled and tried with no lock held, as any candidate; usually ahead, when it became a draft.
        RuleSetValidator.Report report = prepared(latest.version()).join();
        synchronized (changes) {
            Optional<RuleSetVersions.Activation> now = versions.latestActivation();
            if (now.isEmpty() || now.get().activationId() != latest.activationId()) {
                // A newer activation (here or elsewhere) came meanwhile; it is followed next.
                return new ReloadOutcome(Instant.now(), latest.version(), false, List.of(SUPERSEDED));
            }
            ReloadOutcome outcome;
            if (report.valid()) {
                String previous = current().version();
                live.set(new Live(report.ruleSet(), Instant.now(), latest.activatedBy(), latest.trigger()));
                hits.register(report.ruleSet());
                if (folders.writeBack() && (latest.trigger().equals("promote") || latest.trigger().equals("rollback"))) {
                    try {
                        RuleSetFolders.write(folders, report.ruleSet().contents());
                    } catch (RuntimeException e) {
                        log.warn("version {} is live but could not be written into the rule folders: {}",
                                latest.version(), e.getMessage());
                    }
                }
                outcome = new ReloadOutcome(Instant.now(), latest.version(), true, List.of());
                log.info("rule set {} live (followed the {} by {} on another node), replacing {}", latest.version(),
                        latest.trigger(), latest.activatedBy(), previous);
                // A rollback elsewhere is most likely to this one: it stays ready.
                prepared(previous);
            } else {
                outcome = new ReloadOutcome(Instant.now(), latest.version(), false, report.lines());
                refusedActivation = latest.version();
                log.error("version {} went live on another node but does not pass here, so {} still serves:\n  {}",
                        latest.version(), current().version(), String.join("\n  ", report.lines()));
            }
            lastReload.set(outcome);
            return outcome;
        }
    }

    /**
     * Compiles and tries a stored version on the preparing thread, ahead of its activation elsewhere (a draft made on
     * any node, the version this node just stopped serving); the last few stay ready.
     */
    public CompletableFuture<RuleSetValidator.Report> prepared(String version) {
        synchronized (ready) {
            CompletableFuture<RuleSetValidator.Report> known = ready.get(version);
            if (known != null && !known.isCompletedExceptionally()) {
                return known;
            }
            CompletableFuture<RuleSetValidator.Report> next = CompletableFuture.supplyAsync(
                    () -> RuleSetValidator.validate(versions.files(version), runners), preparing);
            ready.put(version, next);
            return next;
        }
    }

    private static List<RuleProblem> asProblems(RuleSetValidator.Report report) {
        List<RuleProblem> problems = new ArrayList<>();
        report.errors().forEach(e -> problems.add(new RuleProblem(e.location(), e.message())));
        if (report.scenarios() != null) {
            report.scenarios().failures().forEach(f -> problems.add(new RuleProblem(f.location(),
                    "scenario '" + f.scenario() + "' fails: " + String.join("; ", f.differences()))));
        }
        return problems;
    }
}
