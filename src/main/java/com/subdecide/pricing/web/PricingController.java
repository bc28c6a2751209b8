package com.subdecide.pricing.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.subdecide.pricing.Elasticities;
import com.subdecide.pricing.MarketPrices;
import com.subdecide.pricing.PriceExposures;
import com.subdecide.pricing.PriceRecommendations;
import com.subdecide.system.FieldProblem;
import com.subdecide.system.InvalidRequestException;
import com.subdecide.system.JsonRequestReader;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Demand data in (exposures, competitors' prices), the elasticities learnt from it and price recommendations. */
@RestController
class PricingController {

    private static final int MAX_BODY = 4 * 1024 * 1024;

    private final PriceExposures exposures;
    private final MarketPrices market;
    private final Elasticities elasticities;
    private final PriceRecommendations recommendations;

    PricingController(PriceExposures exposures, MarketPrices market, Elasticities elasticities,
            PriceRecommendations recommendations) {
        this.exposures = exposures;
        this.market = market;
        this.elasticities = elasticities;
        this.recommendations = recommendations;
    }

    @Operation(summary = "Store a batch (up to 1,000) of price exposures: {exposures: [{exposure_id, visitor_id or "
            + "customer_id, plan_id, segment, price, currency, shown_at, converted, experiment_key, variant}]}; 202 with "
            + "accepted and duplicates; a batch with any bad exposure is rejected whole with every bad field named")
    @PostMapping(path = "/api/v1/pricing/exposures", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Integer>> postExposures(HttpServletRequest request) throws IOException {
        JsonNode body = JsonRequestReader.readBody(request.getInputStream(), MAX_BODY);
        PriceExposures.Accepted result = exposures.store(exposures.read(body));
        return ResponseEntity.accepted().body(Map.of("accepted", result.accepted(), "duplicates", result.duplicates()));
    }

    @Operation(summary = "Replace the competitor prices: {observations: [{plan_id, competitor, price, currency, "
            + "observed_on}]}, each plan in the price book; a new snapshot, with each plan's competitors' median")
    @PutMapping(path = "/api/v1/pricing/market", produces = MediaType.APPLICATION_JSON_VALUE)
    MarketPrices.Market putMarket(HttpServletRequest request, Principal user) throws IOException {
        JsonNode body = JsonRequestReader.readBody(request.getInputStream(), MAX_BODY);
        return market.put(market.read(body), user.getName());
    }

    @Operation(summary = "The newest competitor prices per plan with their median (404 no_market_prices before the "
            + "first PUT)")
    @GetMapping(path = "/api/v1/pricing/market", produces = MediaType.APPLICATION_JSON_VALUE)
    MarketPrices.Market market() {
        return market.current();
    }

    @Operation(summary = "A plan's price elasticity of conversion, for one segment (pooled toward the plan where its "
            + "data is thin) or across them: {elasticity, interval_95, method, observations, distinct_prices, "
            + "price_range, fitted_at}; 409 data_quality_issue listing what is missing")
    @GetMapping(path = "/api/v1/pricing/plans/{planId}/elasticity", produces = MediaType.APPLICATION_JSON_VALUE)
    Elasticities.Estimate elasticity(@PathVariable("planId") String planId,
            @RequestParam(name = "segment", required = false) String segment) {
        if (planId.isBlank() || planId.length() > 100 || (segment != null && (segment.isBlank() || segment.length() > 100))) {
            throw new InvalidRequestException("invalid_request", "1 parameter(s) invalid", List.of(new FieldProblem(
                    segment != null && (segment.isBlank() || segment.length() > 100) ? "segment" : "plan_id", "invalid",
                    "must be 1 to 100 characters")));
        }
        return elasticities.of(planId, segment);
    }

    @Operation(summary = "Recommend prices for a portfolio: {plans, segments (both default to all), objective: REVENUE|"
            + "PROFIT|LTV, horizon_months (default 12), max_customers_affected, revenue_target, time_limit_seconds "
            + "(default 10)}; per plan and segment the current and recommended price with expected conversion, churn "
            + "and revenue change, customers affected and grandfathered, the binding constraints with their source "
            + "cells and a reason; the portfolio's objective, bound and gap. Infeasible asks: 409 "
            + "pricing_constraint_violation, market_position_risk, customer_impact_too_high, revenue_target_conflict or "
            + "data_quality_issue with the alternatives")
    @PostMapping(path = "/api/v1/pricing/recommendations", produces = MediaType.APPLICATION_JSON_VALUE)
    PriceRecommendations.Answer recommend(HttpServletRequest request, Principal user) throws IOException {
        JsonNode body = JsonRequestReader.readBody(request.getInputStream(), MAX_BODY);
        return recommendations.recommend(recommendations.read(body), user.getName());
    }

    @Operation(summary = "A stored recommendation, as it was answered")
    @GetMapping(path = "/api/v1/pricing/recommendations/{recommendationId}", produces = MediaType.APPLICATION_JSON_VALUE)
    JsonNode recommendation(@PathVariable("recommendationId") String recommendationId) {
        return recommendations.find(uuid(recommendationId, "recommendation_id"));
    }

    static UUID uuid(String text, String field) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("invalid_request", "1 parameter(s) invalid", List.of(new FieldProblem(
                    field, "not_a_uuid", "must be a UUID")));
        }
    }
}
