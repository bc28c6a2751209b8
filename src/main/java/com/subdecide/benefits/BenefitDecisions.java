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
        com.subdecide.benefits.domain.BenefitUser behaviour = features.behaviour(userId, clock.instant());
        BenefitAllocator.Allocation allocation = allocator.allocate(UUID.randomUUID(), userId, tier, ruleSet, scored,
                behaviour);
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
                    new DecisionTimings(micros, 0, micros), experimentKey, variantKey, inputs(scored, behaviour)));
            hits.record(allocation.rulesFired());
            current.put(userId, tier, allocation.decisionId(), allocation.benefits());
            return body;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an allocation could not be written as JSON", e);
        }
    }

    /** What the decision was made from beyond the request: the model's scores and the behaviour counts. */
    private String inputs(PropensityModels.Scored scored, com.subdecide.benefits.domain.BenefitUser behaviour) {
        com.fasterxml.jackson.databind.node.ObjectNode inputs = json.createObjectNode();
        inputs.put("model_version", scored.modelVersion());
        com.fasterxml.jackson.databind.node.ObjectNode scores = inputs.putObject("scores");
        scored.scores().forEach(s -> scores.put(s.benefitId(), s.score()));
        inputs.putObject("behaviour").put("purchases_90d", behaviour.getPurchases90d())
                .put("reviews_90d", behaviour.getReviews90d()).put("wishlist_adds_90d", behaviour.getWishlistAdds90d());
        return inputs.toString();
    }

    /**
     * The logged benefit allocation decided again under another rule set, from the inputs it was made from (not
     * logged), without logging; null when the decision is not a benefit allocation with logged inputs.
     */
    public BenefitAllocator.Allocation replay(DecisionRecord logged, RuleSet ruleSet) {
        if (!DECISION_TYPE.equals(logged.decisionType()) || logged.inputsJson() == null) {
            return null;
        }
        try {
            JsonNode request = json.readTree(logged.requestJson());
            JsonNode inputs = json.readTree(logged.inputsJson());
            java.util.List<PropensityModels.Score> scores = new java.util.ArrayList<>();
            inputs.path("scores").fields().forEachRemaining(e -> scores.add(new PropensityModels.Score(e.getKey(),
                    e.getValue().asDouble(), java.util.List.of())));
            JsonNode b = inputs.path("behaviour");
            return allocator.allocate(logged.decisionId(), logged.userId(), request.path("tier").asText(), ruleSet,
                    new PropensityModels.Scored(inputs.path("model_version").asText(null), scores),
                    new com.subdecide.benefits.domain.BenefitUser(logged.userId(), b.path("purchases_90d").asInt(),
                            b.path("reviews_90d").asInt(), b.path("wishlist_adds_90d").asInt()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a logged decision could not be read", e);
        }
    }
}
