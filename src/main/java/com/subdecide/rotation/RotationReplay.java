package com.subdecide.rotation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subdecide.rules.RuleSet;
import com.subdecide.system.InvalidRequestException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Decides a rotation plan again from a logged request, on any rule set, without logging it. Under the
 * version that first decided it, with the same decision id, the answer is byte for byte the logged one.
 */
@Service
public class RotationReplay {

    private final RotationPlanner planner;
    private final ObjectMapper json;

    RotationReplay(RotationPlanner planner, ObjectMapper json) {
        this.planner = planner;
        this.json = json;
    }

    /** A replayed answer: the plan and its JSON as the endpoint would have written it. */
    public record Replayed(RotationPlan plan, byte[] json) {
    }

    /**
     * @param request    the logged request body
     * @param decidedOn  the as_of the original decision used (a request without as_of took the day it was decided)
     * @param decisionId the id to answer with (the logged one, to reproduce the answer exactly)
     */
    public Replayed replay(JsonNode request, LocalDate decidedOn, UUID decisionId, RuleSet ruleSet) {
        JsonNode body = request;
        if (!request.hasNonNull("as_of") && decidedOn != null && request instanceof ObjectNode object) {
            body = object.deepCopy().put("as_of", decidedOn.toString());
        }
        RotationRequest parsed;
        try {
            parsed = new RotationRequestReader(Clock.fixed(decidedOn == null ? java.time.Instant.EPOCH
                    : decidedOn.atStartOfDay().toInstant(ZoneOffset.UTC), ZoneOffset.UTC)).read(body);
        } catch (InvalidRequestException e) {
            throw new IllegalArgumentException("the request is not valid: " + e.getMessage(), e);
        }
        RotationPlan plan = planner.plan(parsed, ruleSet, decisionId).plan();
        try {
            return new Replayed(plan, json.writeValueAsBytes(plan));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a replayed decision could not be written as JSON", e);
        }
    }
}
