package com.subdecide.system;

import java.util.UUID;

/**
 * What the decision log keeps of one answered decision.
 *
 * @param decisionId     id returned to the client
 * @param decisionType   e.g. {@code rotation-plan}
 * @param userId         whose decision it is, when known
 * @param rulesetVersion content hash of the rule set that decided
 * @param requestJson    the request as received (normalised JSON)
 * @param responseJson   the response as sent
 * @param timings        where the time went
 * @param experimentKey  the experiment the decision was made under, or null
 * @param variant        its variant, or null
 * @param inputsJson     what it was decided from beyond the request (model scores, behaviour), or null
 */
public record DecisionRecord(UUID decisionId, String decisionType, String userId, String rulesetVersion,
        String requestJson, String responseJson, DecisionTimings timings, String experimentKey, String variant,
        String inputsJson) {

    /** A decision under an experiment whose request says all it was made from. */
    public DecisionRecord(UUID decisionId, String decisionType, String userId, String rulesetVersion,
            String requestJson, String responseJson, DecisionTimings timings, String experimentKey, String variant) {
        this(decisionId, decisionType, userId, rulesetVersion, requestJson, responseJson, timings, experimentKey, variant,
                null);
    }

    /** A decision made outside any experiment. */
    public DecisionRecord(UUID decisionId, String decisionType, String userId, String rulesetVersion,
            String requestJson, String responseJson, DecisionTimings timings) {
        this(decisionId, decisionType, userId, rulesetVersion, requestJson, responseJson, timings, null, null, null);
    }
}
