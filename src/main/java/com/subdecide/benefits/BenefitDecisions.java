package com.subdecide.benefits;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subdecide.rules.ActiveRuleSet;
import com.subdecide.rules.RuleHitMetrics;
import com.subdecide.rules.RuleSet;
import com.subdecide.system.DecisionLog;
import com.subdecide.system.DecisionRecord;
import com.subdecide.system.DecisionTimings;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** The benefit-allocation decision as the endpoint serves it: decided on the active rule set, logged, answered. */
@Service
public class BenefitDecisions {

    public static final String DECISION_TYPE = "benefit-allocation";

    private final BenefitAllocator allocator;
    private final PropensityModels models;
    private final UserFeatures features;
    private final ActiveRuleSet rules;
    private final DecisionLog log;
    private final RuleHitMetrics hits;
    private final ObjectMapper json;
    private final Clock clock;
    private final CurrentAllocations current;
    private final com.subdecide.rules.RuleSetLibrary library;

    BenefitDecisions(BenefitAllocator allocator, PropensityModels models, UserFeatures features, ActiveRuleSet rules,
            DecisionLog log, RuleHitMetrics hits, ObjectMapper json, Clock clock, CurrentAllocations current,
            com.subdecide.rules.RuleSetLibrary library) {
        this.current = current;
        this.library = library;
        this.allocator = allocator;
        this.models = models;
        this.features = features;
        this.rules = rules;
        this.log = log;
        this.hits = hits;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Decides and logs; returns the answer's JSON. {@code variant} is a stored rule-set version to decide under
     * instead of the live one (for an A/B test comparing two rule-set variants), or {@code null}.
     */
    public byte[] decide(String userId, String tier, String variant, JsonNode requestBody) {
        return decide(userId, tier, variant, null, null, requestBody);
    }

    /**
     * As above, under an experiment's variant: the answer and the decision log say which experiment and variant
     * ({@code experimentKey} null outside any experiment).
     */
    public byte[] decide(String userId, String tier, String variant, String experimentKey, String variantKey,
            JsonNode requestBody) {
        long start = System.nanoTime();
        RuleSet ruleSet = variant == null ? rules.current() : library.byVersion(variant);
        PropensityModels.Scored scored = models.scored(userId);
        BenefitAllocator.Allocation allocation = allocator.allocate(UUID.randomUUID(), userId, tier, ruleSet, scored,
                features.behaviour(userId, clock.instant()));
        long micros = (System.nanoTime() - start) / 1000;
        try {
            byte[] body;
            if (experimentKey == null) {
                body = json.writeValueAsBytes(allocation);
            } else {
                com.fasterxml.jackson.databind.node.ObjectNode tree = json.valueToTree(allocation);
                tree.putObject("experiment").put("key", experimentKey).put("variant", variantKey);
                body = json.writeValueAsBytes(tree);
            }
            log.record(new DecisionRecord(allocation.decisionId(), DECISION_TYPE, userId, ruleSet.version(),
                    requestBody.toString(), new String(body, java.nio.charset.StandardCharsets.UTF_8),
                    new DecisionTimings(micros, 0, micros), experimentKey, variantKey));
            hits.record(allocation.rulesFired());
            current.put(userId, tier, allocation.decisionId(), allocation.benefits());
            return body;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an allocation could not be written as JSON", e);
        }
    }
}
