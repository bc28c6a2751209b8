package com.subdecide.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    private final RulesProperties folders;
    private final RuleSetVersions versions;
    private final List<ScenarioRunner> runners;
    private final RuleHitMetrics hits;
    private final AtomicReference<Live> live = new AtomicReference<>();
    private final AtomicReference<ReloadOutcome> lastReload = new AtomicReference<>();
    private final Object changes = new Object();
    private final java.util.concurrent.atomic.AtomicLong reloads = new java.util.concurrent.atomic.AtomicLong();

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
