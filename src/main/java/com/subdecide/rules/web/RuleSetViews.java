package com.subdecide.rules.web;

import com.subdecide.rules.ActiveRuleSet;
import com.subdecide.rules.RuleProblem;
import com.subdecide.rules.RuleSetDiff;
import com.subdecide.rules.RuleSetDrafts;
import com.subdecide.rules.RuleSetValidator;
import com.subdecide.rules.ScenarioReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the rule-set endpoints answer. */
final class RuleSetViews {

    private RuleSetViews() {
    }

    record Active(String version, Instant since, String activatedBy, String trigger, List<String> files,
            List<RuleProblem.Finding> warnings, ActiveRuleSet.ReloadOutcome lastReload) {

        static Active of(ActiveRuleSet active) {
            ActiveRuleSet.Live live = active.live();
            return new Active(live.ruleSet().version(), live.since(), live.activatedBy(), live.trigger(),
                    live.ruleSet().files(), live.ruleSet().warnings(), active.lastReload().orElse(null));
        }
    }

    record Validation(String version, boolean valid, List<RuleProblem.Finding> errors,
            List<RuleProblem.Finding> warnings, ScenarioReport scenarios) {

        static Validation of(RuleSetValidator.Report report) {
            return new Validation(report.version(), report.valid(), report.errors(), report.warnings(),
                    report.scenarios());
        }
    }

    record FileInfo(String path, int bytes) {
    }

    record VersionFiles(String version, List<FileInfo> files) {

        static VersionFiles of(String version, Map<String, byte[]> files) {
            return new VersionFiles(version, files.entrySet().stream()
                    .map(f -> new FileInfo(f.getKey(), f.getValue().length)).toList());
        }
    }

    record Diff(String from, String to, List<RuleSetDiff.FileChange> files) {
    }

    record DraftView(RuleSetDrafts.Draft draft, Validation validation, List<RuleSetDiff.FileChange> changes) {
    }
}
