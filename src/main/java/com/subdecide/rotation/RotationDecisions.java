package com.subdecide.rotation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subdecide.rules.ActiveRuleSet;
import com.subdecide.rules.RuleHitMetrics;
import com.subdecide.rules.RuleSet;
import com.subdecide.system.DecisionLog;
import com.subdecide.system.DecisionRecord;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * The rotation-plan decision as the endpoint serves it: decided on the active rule set, written to the
 * decision log, then answered. A decision that cannot be logged is not answered.
 */
@Service
public class RotationDecisions {

    public static final String DECISION_TYPE = "rotation-plan";

    private final RotationPlanner planner;
    private final ActiveRuleSet rules;
    private final DecisionLog log;
    private final ObjectMapper json;
    private final Timer timer;
    private final RuleHitMetrics hits;

    RotationDecisions(RotationPlanner planner, ActiveRuleSet rules, DecisionLog log, ObjectMapper json,
            MeterRegistry meters, RuleHitMetrics hits) {
        this.hits = hits;
        this.planner = planner;
        this.rules = rules;
        this.log = log;
        this.json = json;
        this.timer = Timer.builder("decisions.rotation.plan").description("Rotation-plan decisions, excluding the log write")
                .publishPercentiles(0.5, 0.99).register(meters);
    }

    /** The decision's JSON, exactly as answered and logged. */
    public record Answer(byte[] json) {
    }

    /** Decides and logs; {@code requestJson} is the request's JSON text as received, logged as it is. */
    public Answer decide(RotationRequest request, String requestJson) {
        RuleSet ruleSet = rules.current();
        RotationPlanner.Planned planned = planner.plan(request, ruleSet, UUID.randomUUID());
        timer.record(planned.timings().totalMicros(), java.util.concurrent.TimeUnit.MICROSECONDS);
        try {
            byte[] body = json.writeValueAsBytes(planned.plan());
            log.record(new DecisionRecord(planned.plan().decisionId(), DECISION_TYPE, request.userId(),
                    ruleSet.version(), requestJson, new String(body, java.nio.charset.StandardCharsets.UTF_8),
                    planned.timings()));
            hits.record(planned.plan().explanation().rulesFired());
            return new Answer(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a decision could not be written as JSON", e);
        }
    }
}
