package com.subdecide.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subdecide.rotation.RotationOutcome;
import com.subdecide.rotation.RotationReplay;
import com.subdecide.rules.RuleSet;
import com.subdecide.rules.RuleSetDrafts;
import com.subdecide.rules.RuleSetLibrary;
import com.subdecide.rules.RuleSetVersions;
import com.subdecide.system.DecisionLog;
import com.subdecide.system.DecisionRecord;
import com.subdecide.system.NotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** Replays one logged decision: under its own version it must answer byte for byte what was logged. */
@Service
public class DecisionReplays {

    /**
     * @param identical whether the replayed answer is byte for byte the logged one
     * @param changes   what differs in business terms (empty when only nothing or timings differ)
     */
    public record Replay(UUID decisionId, String loggedVersion, String replayedVersion, boolean identical,
            List<RotationOutcome.Change> changes, JsonNode replayed) {
    }

    private final DecisionLog log;
    private final RuleSetLibrary library;
    private final RuleSetVersions versions;
    private final RuleSetDrafts drafts;
    private final RotationReplay replay;
    private final ObjectMapper json;

    DecisionReplays(DecisionLog log, RuleSetLibrary library, RuleSetVersions versions, RuleSetDrafts drafts,
            RotationReplay replay, ObjectMapper json) {
        this.log = log;
        this.library = library;
        this.versions = versions;
        this.drafts = drafts;
        this.replay = replay;
        this.json = json;
    }

    /** Replays under {@code version} or the draft {@code draftId}; under the logged version when neither is given. */
    public Replay replay(UUID decisionId, String version, UUID draftId) {
        DecisionRecord logged = log.find(decisionId)
                .orElseThrow(() -> new NotFoundException("decision_not_found", "No logged decision " + decisionId));
        String target = draftId != null ? drafts.find(draftId).version()
                : version != null ? versions.resolve(version).orElseThrow(() -> new NotFoundException(
                        "version_not_found", "No stored rule-set version matches " + version))
                : logged.rulesetVersion();
        RuleSet ruleSet = library.byVersion(target);
        try {
            JsonNode response = json.readTree(logged.responseJson());
            String asOf = response.path("as_of").asText(null);
            RotationReplay.Replayed again = replay.replay(json.readTree(logged.requestJson()),
                    asOf == null ? null : LocalDate.parse(asOf), decisionId, ruleSet);
            boolean identical = Arrays.equals(again.json(),
                    logged.responseJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            JsonNode replayed = json.readTree(again.json());
            return new Replay(decisionId, logged.rulesetVersion(), ruleSet.version(), identical,
                    RotationOutcome.of(response).changesTo(RotationOutcome.of(replayed)), replayed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
