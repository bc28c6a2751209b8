package com.subdecide.campaigns.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.subdecide.campaigns.CampaignMessages;
import com.subdecide.campaigns.CampaignPerformance;
import com.subdecide.campaigns.Campaigns;
import com.subdecide.system.FieldProblem;
import com.subdecide.system.InvalidRequestException;
import com.subdecide.system.JsonRequestReader;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Campaigns: create, edit, check, launch, pause, resume, end; their decision log and performance; deliveries. */
@RestController
class CampaignController {

    private static final int MAX_BODY = 256 * 1024;
    private static final Set<String> STATUSES = Set.of("DRAFT", "LIVE", "PAUSED", "ENDED");

    private final Campaigns campaigns;
    private final CampaignMessages messages;
    private final CampaignPerformance performance;

    CampaignController(Campaigns campaigns, CampaignMessages messages, CampaignPerformance performance) {
        this.campaigns = campaigns;
        this.messages = messages;
        this.performance = performance;
    }

    @Operation(summary = "Create a DRAFT campaign: {key, type, trigger, segment, content, channels, variants, "
            + "holdout, schedule, attribution, cost}; an unknown personalisation token is a 400 at its path")
    @PostMapping(path = "/api/v1/campaigns", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Campaigns.Campaign> create(HttpServletRequest request, Principal user) throws IOException {
        JsonNode body = JsonRequestReader.readBody(request.getInputStream(), MAX_BODY);
        return ResponseEntity.status(HttpStatus.CREATED).body(campaigns.create(body, user.getName()));
    }

    @Operation(summary = "The campaigns, oldest first, optionally of one status (DRAFT, LIVE, PAUSED, ENDED)")
    @GetMapping(path = "/api/v1/campaigns", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, List<Campaigns.Campaign>> list(@RequestParam(name = "status", required = false) String status) {
        if (status != null && !STATUSES.contains(status)) {
            throw new InvalidRequestException("invalid_request", "1 field is invalid", List.of(new FieldProblem(
                    "$.status", "unknown_value", "'status' must be one of DRAFT, ENDED, LIVE, PAUSED")));
        }
        return Map.of("campaigns", campaigns.list(status));
    }

    @Operation(summary = "A campaign: definition, status, its CAMPAIGN experiment and its last check")
    @GetMapping(path = "/api/v1/campaigns/{key}", produces = MediaType.APPLICATION_JSON_VALUE)
    Campaigns.Campaign find(@PathVariable("key") String key) {
        return campaigns.find(key);
    }

    @Operation(summary = "Replace a DRAFT's definition (the body's key must be the campaign's)")
    @PutMapping(path = "/api/v1/campaigns/{key}", produces = MediaType.APPLICATION_JSON_VALUE)
    Campaigns.Campaign update(@PathVariable("key") String key, HttpServletRequest request, Principal user)
            throws IOException {
        return campaigns.update(key, JsonRequestReader.readBody(request.getInputStream(), MAX_BODY), user.getName());
    }

    @Operation(summary = "Check a campaign against the compliance rules and the trigger table: passed, every "
            + "violation with its rule's source, and the trigger rows that route to it")
    @PostMapping(path = "/api/v1/campaigns/{key}/check", produces = MediaType.APPLICATION_JSON_VALUE)
    Campaigns.Check check(@PathVariable("key") String key, Principal user) {
        return campaigns.check(key, user.getName());
    }

    @Operation(summary = "Take a DRAFT live (409 compliance_violation with the violations if its check fails); "
            + "with variants a CAMPAIGN experiment starts")
    @PostMapping(path = "/api/v1/campaigns/{key}/launch", produces = MediaType.APPLICATION_JSON_VALUE)
    Campaigns.Campaign launch(@PathVariable("key") String key, Principal user) {
        return campaigns.launch(key, user.getName());
    }

    @Operation(summary = "Pause a LIVE campaign: its triggers send nothing until it resumes")
    @PostMapping(path = "/api/v1/campaigns/{key}/pause", produces = MediaType.APPLICATION_JSON_VALUE)
    Campaigns.Campaign pause(@PathVariable("key") String key, Principal user) {
        return campaigns.pause(key, user.getName());
    }

    @Operation(summary = "Resume a PAUSED campaign")
    @PostMapping(path = "/api/v1/campaigns/{key}/resume", produces = MediaType.APPLICATION_JSON_VALUE)
    Campaigns.Campaign resume(@PathVariable("key") String key, Principal user) {
        return campaigns.resume(key, user.getName());
    }

    @Operation(summary = "End a LIVE or PAUSED campaign (its experiment stops); its log and performance stay")
    @PostMapping(path = "/api/v1/campaigns/{key}/end", produces = MediaType.APPLICATION_JSON_VALUE)
    Campaigns.Campaign end(@PathVariable("key") String key, Principal user) {
        return campaigns.end(key, user.getName());
    }

    @Operation(summary = "Every change to a campaign, oldest first")
    @GetMapping(path = "/api/v1/campaigns/{key}/audit", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, List<Map<String, Object>>> audit(@PathVariable("key") String key) {
        return Map.of("audit", campaigns.audit(key));
    }

    @Operation(summary = "A campaign's decision log, newest first: each candidate message with its outcome, reason "
            + "code, the rule and its source, variant, offer and delivery state; filter by user_id or outcome")
    @GetMapping(path = "/api/v1/campaigns/{key}/messages", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, List<CampaignMessages.Message>> log(@PathVariable("key") String key,
            @RequestParam(name = "user_id", required = false) String userId,
            @RequestParam(name = "outcome", required = false) String outcome,
            @RequestParam(name = "limit", required = false, defaultValue = "100") String limit) {
        int n;
        try {
            n = Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > 1000) {
            throw new InvalidRequestException("invalid_request", "1 field is invalid", List.of(new FieldProblem(
                    "$.limit", "out_of_range", "'limit' must be a whole number from 1 to 1000")));
        }
        if (outcome != null && !com.subdecide.campaigns.domain.MessageCandidate.OUTCOMES.contains(outcome)) {
            throw new InvalidRequestException("invalid_request", "1 field is invalid", List.of(new FieldProblem(
                    "$.outcome", "unknown_value", "'outcome' must be one of "
                            + com.subdecide.campaigns.domain.MessageCandidate.OUTCOMES)));
        }
        return Map.of("messages", messages.log(key, userId, outcome, n));
    }

    @Operation(summary = "A campaign's performance: candidates, sent, deferred, suppressed by reason, delivered, "
            + "opened, clicked, conversions in the attribution window for sent and holdout, lift with its interval, "
            + "cost and ROI, and a daily series")
    @GetMapping(path = "/api/v1/campaigns/{key}/performance", produces = MediaType.APPLICATION_JSON_VALUE)
    CampaignPerformance.Performance performance(@PathVariable("key") String key) {
        return performance.of(key);
    }

    @Operation(summary = "Run the time-based (SWEEP) triggers now for every user with contact details; the "
            + "schedule runs them daily, and a second run on one day sends nothing new")
    @PostMapping(path = "/api/v1/campaigns/sweep", produces = MediaType.APPLICATION_JSON_VALUE)
    CampaignMessages.SweepResult sweep() {
        return messages.sweep();
    }

    @Operation(summary = "The delivery outbox: pending, sending, delivered, dead letters with their errors "
            + "(communication_delivery_failed), events still waiting for the triggers, and events whose evaluation failed")
    @GetMapping(path = "/api/v1/campaigns/deliveries", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> deliveries() {
        return Map.of("outbox", messages.deliveries(), "queued_events", messages.queued(), "failed_events",
                messages.failedEvents());
    }

    @Operation(summary = "Put every dead letter back in the outbox (ADMIN), under its message id")
    @PostMapping(path = "/api/v1/campaigns/deliveries/retry", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Integer> retry() {
        return Map.of("requeued", messages.retryDead());
    }
}
