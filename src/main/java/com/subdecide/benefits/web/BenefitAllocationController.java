package com.subdecide.benefits.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.subdecide.benefits.BenefitDecisions;
import com.subdecide.system.HttpLimits;
import com.subdecide.system.JsonRequestReader;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/decisions/benefit-allocation}: one user's benefits in their tier. */
@RestController
class BenefitAllocationController {

    private final BenefitDecisions decisions;
    private final HttpLimits limits;
    private final com.subdecide.rules.RuleSetVersions versions;
    private final com.subdecide.experiments.Assignments assignments;

    BenefitAllocationController(BenefitDecisions decisions, HttpLimits limits, com.subdecide.rules.RuleSetVersions versions,
            com.subdecide.experiments.Assignments assignments) {
        this.assignments = assignments;
        this.decisions = decisions;
        this.limits = limits;
        this.versions = versions;
    }

    @Operation(summary = "Allocate a user's benefits in a tier: {user_id, tier}. Core benefits, then pool benefits "
            + "whose propensity score clears the tier's threshold, then defaults, each with the rule or table row "
            + "behind it; logged like every decision. Optional ruleset_version: decide under that stored version "
            + "instead of the live one. Without it, a RUNNING BENEFIT_ALLOCATION experiment that includes the member "
            + "(targeting, coverage, holdout) decides under its variant's rule set; the answer and the decision log "
            + "then name the experiment and variant")
    @PostMapping(path = "/api/v1/decisions/benefit-allocation", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> allocate(HttpServletRequest request) throws IOException {
        JsonNode body = JsonRequestReader.readBody(request.getInputStream(), limits.maxBodyBytes());
        JsonRequestReader in = new JsonRequestReader();
        String user = in.string(body, "$", "user_id", true, 200);
        String tier = in.string(body, "$", "tier", true, 40);
        String variant = in.string(body, "$", "ruleset_version", false, 80);
        String resolved = null;
        if (variant != null) {
            resolved = versions.resolve(variant).orElse(null);
            if (resolved == null) {
                in.problem("$.ruleset_version", "not_found", "no stored rule-set version matches " + variant);
            }
        }
        in.throwIfProblems();
        if (variant == null) {
            // The running benefit-allocation experiment that includes the member decides which rule set serves.
            com.subdecide.experiments.Assignments.Answer arm = assignments.firstIncluding("BENEFIT_ALLOCATION", user, tier);
            if (arm != null) {
                return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(decisions.decide(user, tier,
                        arm.rulesetVersion(), arm.experimentKey(), arm.variant(), body));
            }
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(decisions.decide(user, tier, resolved, body));
    }
}
