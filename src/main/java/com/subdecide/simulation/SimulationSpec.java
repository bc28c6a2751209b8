package com.subdecide.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import com.subdecide.system.JsonRequestReader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

/**
 * A simulation as accepted.
 *
 * @param challengerDraft   the draft to try, or
 * @param challengerVersion the stored version to try
 * @param championVersion   the version to compare with; {@code null} compares with what was logged (for logged
 *                          decisions) or with the live version (for given requests)
 * @param from              logged decisions from (inclusive), or {@code null}
 * @param to                logged decisions to (exclusive), or {@code null}
 * @param sample            at most this many logged decisions, a reproducible sample when there are more
 * @param requests          given requests instead of logged decisions (a scenario file's content)
 * @param examples          how many changed decisions to show in full
 */
public record SimulationSpec(UUID challengerDraft, String challengerVersion, String championVersion, Instant from,
        Instant to, Integer sample, List<JsonNode> requests, int examples) {

    static final String DECISION_TYPE = "rotation-plan";
    static final int MAX_REQUESTS = 10_000;
    static final int MAX_SAMPLE = 1_000_000;

    boolean replaysLog() {
        return requests == null;
    }

    /** Reads a simulation request, naming every bad field. */
    static SimulationSpec read(JsonNode body) {
        JsonRequestReader in = new JsonRequestReader();
        if (!body.isObject()) {
            in.problem("$", "wrong_type", "the body must be a JSON object");
            in.throwIfProblems();
        }
        UUID draft = null;
        String version = null;
        JsonNode challenger = body.get("challenger");
        if (challenger == null || !challenger.isObject()) {
            in.problem("$.challenger", "required", "'challenger' is required: {\"draft_id\": ...} or {\"version\": ...}");
        } else {
            String draftId = in.string(challenger, "$.challenger", "draft_id", false, 64);
            version = in.string(challenger, "$.challenger", "version", false, 80);
            if (draftId != null) {
                try {
                    draft = UUID.fromString(draftId);
                } catch (IllegalArgumentException e) {
                    in.problem("$.challenger.draft_id", "not_a_uuid", "'draft_id' must be a UUID");
                }
            }
            if ((draftId == null) == (version == null) && !in.hasProblems()) {
                in.problem("$.challenger", "one_of", "give exactly one of 'draft_id' and 'version'");
            }
        }
        String champion = null;
        JsonNode championNode = body.get("champion");
        if (championNode != null && !championNode.isNull()) {
            if (championNode.isTextual() && championNode.textValue().equals("logged")) {
                champion = null;
            } else if (championNode.isObject()) {
                champion = in.string(championNode, "$.champion", "version", true, 80);
            } else {
                in.problem("$.champion", "wrong_type", "'champion' is \"logged\" or {\"version\": ...}");
            }
        }
        JsonNode decisions = body.get("decisions");
        JsonNode requests = body.get("requests");
        Instant from = null;
        Instant to = null;
        Integer sample = null;
        List<JsonNode> given = null;
        if ((decisions == null) == (requests == null)) {
            in.problem("$", "one_of", "give exactly one of 'decisions' (logged decisions to replay) and 'requests'");
        } else if (decisions != null) {
            if (!decisions.isObject()) {
                in.problem("$.decisions", "wrong_type", "'decisions' must be an object");
            } else {
                from = instant(in, decisions, "from");
                to = instant(in, decisions, "to");
                sample = in.count(decisions, "$.decisions", "sample", MAX_SAMPLE);
                String type = in.string(decisions, "$.decisions", "decision_type", false, 40);
                if (type != null && !type.equals(DECISION_TYPE)) {
                    in.problem("$.decisions.decision_type", "unknown_value", "'decision_type' must be " + DECISION_TYPE);
                }
                if (from != null && to != null && !from.isBefore(to)) {
                    in.problem("$.decisions.to", "out_of_range", "'to' must be after 'from'");
                }
            }
        } else {
            given = in.array(body, "$", "requests", true, MAX_REQUESTS);
            if (given != null) {
                for (int i = 0; i < given.size(); i++) {
                    in.isObject(given.get(i), "$.requests[" + i + "]");
                }
            }
        }
        Integer examples = in.count(body, "$", "examples", 100);
        in.throwIfProblems();
        return new SimulationSpec(draft, version, champion, from, to, sample, given, examples == null ? 10 : examples);
    }

    private static Instant instant(JsonRequestReader in, JsonNode object, String field) {
        String text = in.string(object, "$.decisions", field, false, 40);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            in.problem("$.decisions." + field, "not_an_instant", "'" + field + "' must be an ISO instant like 2026-11-01T00:00:00Z");
            return null;
        }
    }
}
