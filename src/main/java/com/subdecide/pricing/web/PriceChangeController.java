package com.subdecide.pricing.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.subdecide.pricing.BillingOutbox;
import com.subdecide.pricing.PriceChanges;
import com.subdecide.system.JsonRequestReader;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Price changes from recommendations: draft with dry run, launch as experiments, ship, apply, revert; billing. */
@RestController
class PriceChangeController {

    private final PriceChanges changes;
    private final BillingOutbox billing;

    PriceChangeController(PriceChanges changes, BillingOutbox billing) {
        this.changes = changes;
        this.billing = billing;
    }

    @Operation(summary = "Draft a price change from a recommendation: {recommendation_id}; 201 with the dry run "
            + "(every affected subscription with next renewal, notice date and the renewal the new price reaches; "
            + "grandfathered customers; MRR before and after)")
    @PostMapping(path = "/api/v1/pricing/changes", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<JsonNode> draft(HttpServletRequest request, Principal user) throws IOException {
        JsonNode body = JsonRequestReader.readBody(request.getInputStream(), 64 * 1024);
        JsonRequestReader in = new JsonRequestReader();
        if (in.isObject(body, "$")) {
            in.string(body, "$", "recommendation_id", true, 36);
        }
        in.throwIfProblems();
        java.util.UUID id;
        try {
            id = java.util.UUID.fromString(body.get("recommendation_id").asText());
        } catch (IllegalArgumentException e) {
            in.problem("$.recommendation_id", "not_a_uuid", "'recommendation_id' must be a UUID");
            in.throwIfProblems();
            throw e;
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(changes.draft(id, user.getName()));
    }

    @Operation(summary = "The newest price changes (at most 100) with status, cells and billing state")
    @GetMapping(path = "/api/v1/pricing/changes", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, List<JsonNode>> list() {
        return Map.of("changes", changes.list());
    }

    @Operation(summary = "A price change: cells, dry run, experiments, billing state (pending, done, failed with "
            + "billing_integration_failure reasons) and its audit trail")
    @GetMapping(path = "/api/v1/pricing/changes/{changeId}", produces = MediaType.APPLICATION_JSON_VALUE)
    JsonNode find(@PathVariable("changeId") String changeId) {
        return changes.find(PricingController.uuid(changeId, "change_id"));
    }

    @Operation(summary = "Launch a DRAFT as PRICING experiments, one per changing plan and segment (current price "
            + "against the new, 50/50), started at once")
    @PostMapping(path = "/api/v1/pricing/changes/{changeId}/launch", produces = MediaType.APPLICATION_JSON_VALUE)
    JsonNode launch(@PathVariable("changeId") String changeId, Principal user) {
        return changes.launch(PricingController.uuid(changeId, "change_id"), user.getName());
    }

    @Operation(summary = "Ship a launched change (ADMIN): every experiment ships its new-price variant (refused on a "
            + "sample ratio mismatch) and the new prices are applied")
    @PostMapping(path = "/api/v1/pricing/changes/{changeId}/ship", produces = MediaType.APPLICATION_JSON_VALUE)
    JsonNode ship(@PathVariable("changeId") String changeId, Principal user) {
        return changes.ship(PricingController.uuid(changeId, "change_id"), user.getName());
    }

    @Operation(summary = "Apply a DRAFT or launched change directly (ADMIN): the live prices change; with Stripe on, "
            + "new Prices and the subscriptions' moves are queued in the billing outbox")
    @PostMapping(path = "/api/v1/pricing/changes/{changeId}/apply", produces = MediaType.APPLICATION_JSON_VALUE)
    JsonNode apply(@PathVariable("changeId") String changeId, Principal user) {
        return changes.apply(PricingController.uuid(changeId, "change_id"), user.getName());
    }

    @Operation(summary = "Revert (ADMIN): a launched change's experiments are reverted; an applied change's previous "
            + "prices come back (moves not yet sent are withdrawn, subscriptions already moved are moved back)")
    @PostMapping(path = "/api/v1/pricing/changes/{changeId}/revert", produces = MediaType.APPLICATION_JSON_VALUE)
    JsonNode revert(@PathVariable("changeId") String changeId, Principal user) {
        return changes.revert(PricingController.uuid(changeId, "change_id"), user.getName());
    }

    @Operation(summary = "The billing outbox across changes: provider (price_book or stripe), pending, done, failed "
            + "calls with their errors (billing_integration_failure)")
    @GetMapping(path = "/api/v1/pricing/billing", produces = MediaType.APPLICATION_JSON_VALUE)
    BillingOutbox.Status billing() {
        return billing.status(null);
    }

    @Operation(summary = "Put every FAILED billing call back in the queue (ADMIN), idempotency keys unchanged")
    @PostMapping(path = "/api/v1/pricing/billing/retry", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Integer> retry() {
        return Map.of("requeued", billing.retryFailed());
    }
}
