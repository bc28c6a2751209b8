package com.subdecide.simulation;

import com.subdecide.benefits.BenefitAllocator;
import com.subdecide.benefits.BenefitDecisions;
import com.subdecide.experiments.Experiment;
import com.subdecide.experiments.Experiments;
import com.subdecide.rules.ActiveRuleSet;
import com.subdecide.rules.RuleSet;
import com.subdecide.rules.RuleSetLibrary;
import com.subdecide.system.ConflictException;
import com.subdecide.system.DecisionLog;
import com.subdecide.system.DecisionRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * A what-if across an experiment's arms: every benefit allocation logged under a BENEFIT_ALLOCATION experiment,
 * decided again under each arm's rule set from the inputs it was made from (the model's scores and behaviour at
 * the time), so that the arms are compared on the same members rather than on the halves each one served.
 */
@Service
public class ExperimentArms {

    /** One arm over all replayed decisions. */
    public record Arm(String variant, String rulesetVersion, int decisions, double benefitsPerMember,
            Map<String, Integer> benefitsGiven, int changedFromLogged) {
    }

    /** One member's benefits under every arm. */
    public record Example(UUID decisionId, String userId, String loggedVariant, Map<String, List<String>> byArm) {
    }

    /**
     * {@code replayedAsLogged}: decisions whose replay under their own arm gives the benefits they were answered
     * (all of them, unless a rule set changed under a version, which versions do not).
     */
    public record Report(String experimentKey, int decisions, int skipped, int replayedAsLogged, List<Arm> arms,
            int membersWhoseBenefitsDiffer, List<Example> examples) {
    }

    static final int MAX_DECISIONS = 50_000;
    private static final int EXAMPLES = 5;

    private final Experiments experiments;
    private final DecisionLog log;
    private final BenefitDecisions decisions;
    private final RuleSetLibrary library;
    private final ActiveRuleSet active;
    private final com.fasterxml.jackson.databind.ObjectMapper json;

    ExperimentArms(Experiments experiments, DecisionLog log, BenefitDecisions decisions, RuleSetLibrary library,
            ActiveRuleSet active, com.fasterxml.jackson.databind.ObjectMapper json) {
        this.json = json;
        this.experiments = experiments;
        this.log = log;
        this.decisions = decisions;
        this.library = library;
        this.active = active;
    }

    public Report compare(String key, int limit) {
        Experiment e = experiments.find(key);
        if (!"BENEFIT_ALLOCATION".equals(e.type())) {
            throw new ConflictException("wrong_experiment_type", "'" + key + "' is a " + e.type()
                    + " experiment; arms are replayed for BENEFIT_ALLOCATION experiments");
        }
        Map<String, RuleSet> ruleSets = new LinkedHashMap<>();
        RuleSet live = active.current();
        for (Experiment.Variant v : e.definition().variants()) {
            ruleSets.put(v.key(), v.rulesetVersion() == null ? live : library.byVersion(v.rulesetVersion()));
        }
        Map<String, int[]> counts = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> given = new LinkedHashMap<>();
        ruleSets.keySet().forEach(v -> {
            counts.put(v, new int[3]);
            given.put(v, new TreeMap<>());
        });
        int replayed = 0;
        int skipped = 0;
        int differ = 0;
        int identical = 0;
        List<Example> examples = new ArrayList<>();
        for (UUID id : log.underExperiment(key, limit)) {
            DecisionRecord logged = log.find(id).orElseThrow();
            Map<String, List<String>> byArm = new LinkedHashMap<>();
            for (Map.Entry<String, RuleSet> arm : ruleSets.entrySet()) {
                BenefitAllocator.Allocation a = decisions.replay(logged, arm.getValue());
                if (a == null) {
                    break;
                }
                byArm.put(arm.getKey(), a.benefits().stream().map(BenefitAllocator.Given::benefitId).sorted().toList());
            }
            if (byArm.size() != ruleSets.size()) {
                skipped++;
                continue;
            }
            replayed++;
            List<String> asLogged = byArm.get(logged.variant());
            if (asLogged != null && asLogged.equals(answered(logged))) {
                identical++;
            }
            for (Map.Entry<String, List<String>> arm : byArm.entrySet()) {
                int[] c = counts.get(arm.getKey());
                c[0]++;
                c[1] += arm.getValue().size();
                if (asLogged != null && !arm.getValue().equals(asLogged)) {
                    c[2]++;
                }
                arm.getValue().forEach(b -> given.get(arm.getKey()).merge(b, 1, Integer::sum));
            }
            if (byArm.values().stream().distinct().count() > 1) {
                differ++;
                if (examples.size() < EXAMPLES) {
                    examples.add(new Example(id, logged.userId(), logged.variant(), byArm));
                }
            }
        }
        List<Arm> arms = new ArrayList<>();
        for (Map.Entry<String, RuleSet> arm : ruleSets.entrySet()) {
            int[] c = counts.get(arm.getKey());
            arms.add(new Arm(arm.getKey(), arm.getValue().version(), c[0], c[0] == 0 ? 0 : (double) c[1] / c[0],
                    given.get(arm.getKey()), c[2]));
        }
        return new Report(key, replayed, skipped, identical, arms, differ, examples);
    }

    private List<String> answered(DecisionRecord logged) {
        try {
            List<String> out = new ArrayList<>();
            json.readTree(logged.responseJson()).path("benefits").forEach(b -> out.add(b.path("benefit_id").asText()));
            return out.stream().sorted().toList();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return List.of();
        }
    }
}
