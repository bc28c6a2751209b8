package com.subdecide.benefits.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.subdecide.benefits.BenefitViews;
import com.subdecide.system.HttpLimits;
import com.subdecide.system.JsonRequestReader;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The member's benefits dashboard and benefit swaps. */
@RestController
class BenefitViewController {

    private final BenefitViews views;
    private final HttpLimits limits;

    BenefitViewController(BenefitViews views, HttpLimits limits) {
        this.views = views;
        this.limits = limits;
    }

    @Operation(summary = "The member's current benefits and why, their scores, and the cheapest actions that would "
            + "unlock a pool benefit (derived from the model)")
    @GetMapping(path = "/api/v1/users/{userId}/benefits/dashboard", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> dashboard(@PathVariable String userId) {
        return views.dashboard(userId);
    }

    @Operation(summary = "Trade one current benefit for another: {give, take}; allowed or refused by the tier's swap "
            + "table (decision-tables/benefit-swaps.drl.xlsx) with the reason; recorded either way")
    @PostMapping(path = "/api/v1/users/{userId}/benefits/swap", produces = MediaType.APPLICATION_JSON_VALUE)
    BenefitViews.Swap swap(@PathVariable String userId, HttpServletRequest request) throws IOException {
        JsonNode body = JsonRequestReader.readBody(request.getInputStream(), limits.maxBodyBytes());
        JsonRequestReader in = new JsonRequestReader();
        String give = in.string(body, "$", "give", true, 200);
        String take = in.string(body, "$", "take", true, 200);
        in.throwIfProblems();
        return views.swap(userId, give, take);
    }
}
